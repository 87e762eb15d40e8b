import pytest
from django.core import mail
from django.utils import timezone

from initiatives import services
from initiatives.choices import EventKind, SubmissionStatus
from initiatives.models import IdeaSubmission, SuccessStoryPage
from initiatives.services import IdeaData

pytestmark = pytest.mark.django_db
S = SubmissionStatus
BASE = "/admin/initiatives/ideasubmission/"


def make_submission(title="Murale w przejściu", district="sielec", email="ola@example.org"):
    return services.submit_idea(
        IdeaData(
            group_name="Kolorowy Sielec",
            leader_name="Ola Wzorcowa",
            email=email,
            birth_year=timezone.localdate().year - 20,
            members_count=4,
            title=title,
            description="Pomalujemy przejście podziemne razem z mieszkańcami.",
            district=district,
            needs=["materialy"],
            terms_accepted=True,
        )
    )


@pytest.fixture
def submission(db):
    return make_submission()


def test_coordinator_lists_filters_searches_and_exports(client, coordinator_user, submission):
    make_submission(title="Turniej planszówek", district="zagorze", email="t@example.org")
    client.force_login(coordinator_user)

    listing = client.get(BASE)
    assert listing.status_code == 200
    assert "Murale w przejściu" in listing.content.decode()
    assert "Turniej planszówek" in listing.content.decode()

    filtered = client.get(BASE, {"dzielnica": "sielec"}).content.decode()
    assert "Murale w przejściu" in filtered and "Turniej planszówek" not in filtered
    by_status = client.get(BASE, {"status__exact": "consultation"}).content.decode()
    assert "Murale w przejściu" not in by_status
    year = client.get(BASE, {"rok": str(timezone.now().year)}).content.decode()
    assert "Murale w przejściu" in year
    services.assign_mentor(submission, coordinator_user)
    mentored = client.get(BASE, {"opiekun": str(coordinator_user.pk)}).content.decode()
    assert "Murale w przejściu" in mentored and "Turniej planszówek" not in mentored
    searched = client.get(BASE, {"q": "planszówek"}).content.decode()
    assert "Turniej planszówek" in searched and "Murale w przejściu" not in searched

    export = client.get(BASE, {"export": "csv"})
    assert export.status_code == 200
    csv = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert submission.reference in csv
    assert "ola@example.org" in csv


def test_coordinator_cannot_create_or_edit_around_the_workflow(client, coordinator_user, submission):
    client.force_login(coordinator_user)
    assert client.get(f"{BASE}create/").status_code in {302, 403}
    assert client.get(f"{BASE}edit/{submission.pk}/").status_code in {302, 403}


def test_inspect_shows_data_and_history(client, coordinator_user, submission):
    services.add_note(submission, "Pierwszy telefon wykonany.", by=coordinator_user)
    client.force_login(coordinator_user)
    response = client.get(f"{BASE}inspect/{submission.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert submission.reference in html
    assert "ola@example.org" in html
    assert "Pierwszy telefon wykonany." in html
    assert "Historia zgłoszenia" in html
    assert f"{BASE}review/{submission.pk}/" in html


def test_review_form_changes_status_through_the_service(
    client, coordinator_user, submission, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_user)
    url = f"{BASE}review/{submission.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "status": S.CONSULTATION,
                "message": "Zapraszamy na rozmowę w czwartek.",
                "mentor": coordinator_user.pk,
                "note": "Grupa bardzo zmotywowana.",
            },
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.CONSULTATION
    assert submission.mentor == coordinator_user
    assert set(submission.events.values_list("kind", flat=True)) == {
        EventKind.CREATED,
        EventKind.MENTOR,
        EventKind.NOTE,
        EventKind.STATUS,
    }
    leader_mails = [m for m in mail.outbox if m.to == ["ola@example.org"]]
    assert "Zapraszamy na rozmowę w czwartek." in leader_mails[-1].body


def test_review_form_refuses_an_invalid_transition(client, coordinator_user, submission):
    client.force_login(coordinator_user)
    response = client.post(f"{BASE}review/{submission.pk}/", {"status": S.REALISED})
    assert response.status_code == 422
    assert IdeaSubmission.objects.get().status == S.SUBMITTED


def test_admin_action_creates_a_linked_story_draft(client, coordinator_user, submission, index_page):
    for status in (S.CONSULTATION, S.SUPPORTED, S.REALISED):
        services.change_status(submission, status)
    client.force_login(coordinator_user)
    inspect = client.get(f"{BASE}inspect/{submission.pk}/").content.decode()
    assert "Utwórz historię sukcesu" in inspect
    response = client.post(f"{BASE}story/{submission.pk}/")
    assert response.status_code == 302
    story = SuccessStoryPage.objects.get()
    assert story.submission == submission
    assert not story.live
    assert story.owner == coordinator_user
    assert "Utwórz historię sukcesu" not in client.get(f"{BASE}inspect/{submission.pk}/").content.decode()


def test_admin_action_refuses_an_unrealised_idea(client, coordinator_user, submission, index_page):
    client.force_login(coordinator_user)
    client.post(f"{BASE}story/{submission.pk}/")
    assert not SuccessStoryPage.objects.exists()


@pytest.mark.parametrize("path", ["", "inspect/{pk}/", "review/{pk}/", "story/{pk}/"])
def test_editors_cannot_see_submissions(client, editor_user, submission, path):
    client.force_login(editor_user)
    response = client.get(BASE + path.format(pk=submission.pk))
    assert response.status_code in {302, 403}
    assert submission.reference not in response.content.decode()


def test_editors_have_no_menu_item_for_submissions(client, editor_user, coordinator_user, submission):
    client.force_login(editor_user)
    assert BASE not in client.get("/admin/").content.decode()
    client.force_login(coordinator_user)
    assert BASE in client.get("/admin/").content.decode()
