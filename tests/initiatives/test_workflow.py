import pytest
from django.core import mail
from django.utils import timezone

from cas_site.errors import Conflict
from initiatives import services
from initiatives.choices import EventKind, SubmissionStatus
from initiatives.models import InitiativeIndexPage, SuccessStoryPage
from initiatives.services import IdeaData

pytestmark = pytest.mark.django_db
S = SubmissionStatus


@pytest.fixture
def submission(db, django_capture_on_commit_callbacks):
    data = IdeaData(
        group_name="Młodzi z Pogoni",
        leader_name="Kuba Przykładowy",
        email="kuba@example.org",
        phone="+48 600 000 000",
        birth_year=timezone.localdate().year - 17,
        members_count=7,
        age_min=15,
        age_max=18,
        title="Kino letnie na skwerze",
        description="Pokazy filmów pod chmurką dla sąsiadów, raz w tygodniu w wakacje.",
        district="pogon",
        needs=["sprzet", "promocja"],
        terms_accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = services.submit_idea(data)
    mail.outbox.clear()
    return created


def test_the_whole_path_records_history_and_emails_the_leader(
    submission, coordinator_user, django_capture_on_commit_callbacks
):
    path = [
        (S.CONSULTATION, "Zapraszamy na spotkanie we wtorek o 17:00."),
        (S.SUPPORTED, "Pożyczymy projektor i nagłośnienie."),
        (S.REALISED, "Gratulacje, było świetnie!"),
    ]
    for status, message in path:
        with django_capture_on_commit_callbacks(execute=True):
            services.change_status(submission, status, by=coordinator_user, message=message)
    submission.refresh_from_db()
    assert submission.status == S.REALISED

    changes = list(submission.events.filter(kind=EventKind.STATUS))
    assert [(e.from_status, e.to_status) for e in changes] == [
        (S.SUBMITTED, S.CONSULTATION),
        (S.CONSULTATION, S.SUPPORTED),
        (S.SUPPORTED, S.REALISED),
    ]
    assert all(e.actor == coordinator_user and e.created_at for e in changes)
    assert changes[1].message == "Pożyczymy projektor i nagłośnienie."

    assert len(mail.outbox) == 3
    assert all(m.to == ["kuba@example.org"] for m in mail.outbox)
    assert "w konsultacji" in mail.outbox[0].subject
    assert "Zapraszamy na spotkanie we wtorek" in mail.outbox[0].body
    assert "zrealizowany" in mail.outbox[2].body


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], S.REALISED),
        ([], S.SUPPORTED),
        ([S.CONSULTATION], S.SUBMITTED),
        ([S.REJECTED], S.CONSULTATION),
        ([S.WITHDRAWN], S.SUBMITTED),
        ([S.CONSULTATION, S.SUPPORTED, S.REALISED], S.WITHDRAWN),
    ],
)
def test_invalid_transitions_are_refused_in_polish(submission, path, target):
    for status in path:
        services.change_status(submission, status)
    before = submission.events.count()
    with pytest.raises(services.InvalidTransition) as refused:
        services.change_status(submission, target)
    assert "Nie można zmienić statusu zgłoszenia z" in str(refused.value.message)
    assert refused.value.status == 422
    assert submission.events.count() == before


def test_a_submission_awaiting_its_guardian_can_only_be_withdrawn(submission):
    submission.status = S.PENDING_GUARDIAN
    submission.save()
    with pytest.raises(services.InvalidTransition):
        services.change_status(submission, S.CONSULTATION)
    services.change_status(submission, S.WITHDRAWN)
    submission.refresh_from_db()
    assert submission.status == S.WITHDRAWN


def test_mentor_and_internal_notes_go_to_history_without_emailing_the_group(
    submission, coordinator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_mentor(submission, coordinator_user, by=coordinator_user)
        services.add_note(submission, "Zadzwonić do spółdzielni w sprawie skweru.", by=coordinator_user)
    submission.refresh_from_db()
    assert submission.mentor == coordinator_user
    kinds = list(submission.events.values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.MENTOR, EventKind.NOTE]
    assert not mail.outbox
    with pytest.raises(services.InvalidField):
        services.add_note(submission, "   ")


def test_story_draft_is_created_from_a_realised_idea_without_personal_data(
    submission, index_page, editor_user
):
    with pytest.raises(services.StoryNotAllowed) as refused:
        services.create_story_draft(submission)
    assert "zrealizowanego" in str(refused.value.message)

    for status in (S.CONSULTATION, S.SUPPORTED, S.REALISED):
        services.change_status(submission, status)
    page = services.create_story_draft(submission)

    page = SuccessStoryPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.get_parent().specific == index_page
    assert page.submission == submission
    assert page.group_name == "Młodzi z Pogoni"
    assert page.title == "Kino letnie na skwerze"
    assert page.district.slug == "pogon"
    assert (page.members_count, page.age_min, page.age_max) == (7, 15, 18)
    assert page.support_given == ["promocja", "sprzet"]
    assert page.latest_revision is not None
    stored = str(page.latest_revision.content) + str(
        SuccessStoryPage.objects.filter(pk=page.pk).values().get()
    )
    for personal in ("Kuba Przykładowy", "kuba@example.org", "600 000 000", str(submission.birth_year)):
        assert personal not in stored
    assert submission.events.filter(kind=EventKind.STORY).exists()

    with pytest.raises(Conflict):
        services.create_story_draft(submission)


def test_story_draft_needs_the_initiatives_index(submission, home_page):
    for status in (S.CONSULTATION, S.SUPPORTED, S.REALISED):
        services.change_status(submission, status)
    assert not InitiativeIndexPage.objects.exists()
    with pytest.raises(services.NoInitiativeIndex):
        services.create_story_draft(submission)
