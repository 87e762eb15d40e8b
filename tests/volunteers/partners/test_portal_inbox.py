"""The portal's applications inbox and youth projects: an organisation sees and answers only its
own applications (each look recorded, the answer e-mailed to the volunteer), and proposes and
discusses youth projects with CAS."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import (
    make_opportunity,
    make_organisation,
    make_partner,
    make_volunteer,
    make_youth_project,
    partner_login,
)
from volunteers import services as directory
from volunteers.choices import ProjectStatus
from volunteers.models import YouthProject, YouthProjectEvent
from volunteers.people import services as people
from volunteers.people.choices import ApplicationStatus, Channel
from volunteers.people.models import ApplicantDataAccess, Application

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def apply(organisation, *, first_name="Ala", title="Sadzenie drzew", message="Mam rękawice.", **fields):
    volunteer = make_volunteer(first_name=first_name, **fields)
    return people.apply_to_opportunity(volunteer, make_opportunity(organisation, title).pk, message)


def inbox_url(organisation, suffix=""):
    return f"/partnerzy/{organisation.pk}/zgloszenia/{suffix}"


@pytest.fixture
def signed_in(home_page, client, manager):
    partner_login(client, manager)
    return client


@pytest.fixture
def other():
    return make_organisation(name="Stowarzyszenie Obce")


# --- The inbox -------------------------------------------------------------------------------------


def test_the_inbox_lists_only_the_organisations_own_applications(signed_in, organisation, other):
    apply(organisation, first_name="Ala", title="Sadzenie drzew", email="ala@example.org")
    apply(other, first_name="Zenon", title="Obca oferta", email="zenon@example.org")
    page = signed_in.get(inbox_url(organisation))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Ala" in body and "Sadzenie drzew" in body and "nowe" in body
    assert "Zenon" not in body and "Obca oferta" not in body
    # The list shows what it needs, no contact data, and records no look at anyone's data.
    assert "ala@example.org" not in body
    assert not ApplicantDataAccess.objects.exists()


def test_the_inbox_filters_by_status_and_offer_and_pages(signed_in, organisation):
    first = apply(organisation, first_name="Ala", title="Sadzenie")
    apply(organisation, first_name="Bartek", title="Sprzątanie")
    people.change_application_status(first, S.ACCEPTED, via=Channel.ADMIN)
    body = signed_in.get(inbox_url(organisation), {"status": S.ACCEPTED}).content.decode()
    assert "Ala" in body and "Bartek" not in body
    body = signed_in.get(inbox_url(organisation), {"opportunity": first.opportunity_id + 1}).content.decode()
    assert "Bartek" in body and "Ala" not in body
    empty = signed_in.get(inbox_url(organisation), {"status": S.COMPLETED})
    assert "Żadne zgłoszenie nie pasuje do tych filtrów." in empty.content.decode()
    bad = signed_in.get(inbox_url(organisation), {"status": "wszystko", "opportunity": "x"})
    assert bad.status_code == 422 and "Popraw błędy w formularzu" in bad.content.decode()


def test_an_empty_inbox_says_so_and_pages_hold_twenty(signed_in, organisation):
    assert "Nie ma jeszcze zgłoszeń" in signed_in.get(inbox_url(organisation)).content.decode()
    offer = make_opportunity(organisation, "Duża akcja")
    for number in range(21):
        people.apply_to_opportunity(make_volunteer(first_name=f"Osoba{number:02d}"), offer.pk)
    first = signed_in.get(inbox_url(organisation)).content.decode()
    assert "21 zgłoszeń" in first and "Strona 1 z 2" in first
    second = signed_in.get(inbox_url(organisation), {"strona": 2}).content.decode()
    assert second.count('href="/partnerzy/') > 0 and "Strona 2 z 2" in second


def test_the_inbox_runs_a_constant_number_of_queries(signed_in, organisation, django_assert_max_num_queries):
    for number in range(5):
        apply(organisation, first_name=f"Osoba{number}", title=f"Oferta {number}")
    with django_assert_max_num_queries(20) as five:
        signed_in.get(inbox_url(organisation))
    for number in range(10):
        apply(organisation, first_name=f"Inna{number}", title=f"Inna {number}")
    with django_assert_max_num_queries(len(five.captured_queries)):
        signed_in.get(inbox_url(organisation))


def test_opening_an_application_shows_the_applicant_and_writes_one_audit_entry(
    signed_in, manager, organisation
):
    application = apply(
        organisation, first_name="Ala", email="ala@example.org", phone="600 100 200", age=16,
        about="Lubię sadzić drzewa",
    )  # fmt: skip
    page = signed_in.get(inbox_url(organisation, f"{application.pk}/"))
    body = page.content.decode()
    assert page.status_code == 200
    for shown in (
        "Ala",
        "ala@example.org",
        "600 100 200",
        "16–17 lat",
        "Mam rękawice.",
        "opiekun prawny wyraził zgodę",
    ):
        assert shown in body, shown
    assert "Lubię sadzić" not in body  # never the whole volunteer record
    entry = ApplicantDataAccess.objects.get()
    assert (entry.user, entry.organisation, entry.application, entry.via) == (
        manager.user, organisation, application, Channel.PORTAL
    )  # fmt: skip
    assert entry.contact_shown


def test_answering_an_application_emails_the_volunteer_with_the_message(
    signed_in, organisation, django_capture_on_commit_callbacks
):
    application = apply(organisation, email="ala@example.org")
    url = inbox_url(organisation, f"{application.pk}/")
    page = signed_in.get(url).content.decode()
    for offered in ('value="w-kontakcie"', 'value="przyjete"', 'value="odrzucone"'):
        assert offered in page
    assert 'value="zakonczone"' not in page and 'value="wycofane"' not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, {"status": S.ACCEPTED, "message": "Zapraszamy w sobotę o 10!"})
    assert response.status_code == 302 and response["Location"] == url
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    [email] = mail.outbox
    assert email.to == ["ala@example.org"] and "Zapraszamy w sobotę o 10!" in email.body
    assert "Zapisano status „przyjęte”" in signed_in.get(url).content.decode()


def test_withdrawn_applications_stay_the_volunteers(signed_in, organisation):
    application = apply(organisation)
    people.withdraw_application(application.volunteer, application.pk)
    url = inbox_url(organisation, f"{application.pk}/")
    page = signed_in.get(url).content.decode()
    assert "Wolontariusz wycofał to zgłoszenie" in page and 'name="status"' not in page
    response = signed_in.post(url, {"status": S.ACCEPTED})
    assert response.status_code == 409
    assert "Nie można zmienić statusu zgłoszenia" in response.content.decode()
    response = signed_in.post(inbox_url(organisation, f"{apply(organisation).pk}/"), {"status": S.WITHDRAWN})
    assert (
        response.status_code == 409
        and "Zgłoszenie może wycofać tylko wolontariusz." in response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_a_too_long_message_is_a_form_error(signed_in, organisation):
    application = apply(organisation)
    response = signed_in.post(
        inbox_url(organisation, f"{application.pk}/"), {"status": S.ACCEPTED, "message": "x" * 2001}
    )
    assert response.status_code == 422 and "Popraw błędy w formularzu" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.NEW


def test_contact_is_hidden_after_the_access_period(signed_in, organisation, settings):
    settings.CAS_PARTNER_CONTACT_ACCESS_DAYS = 30
    application = apply(organisation, email="ala@example.org")
    people.change_application_status(application, S.DECLINED, via=Channel.ADMIN)
    url = inbox_url(organisation, f"{application.pk}/")
    assert "ala@example.org" in signed_in.get(url).content.decode()
    Application.objects.filter(pk=application.pk).update(closed_at=timezone.now() - timedelta(days=31))
    body = signed_in.get(url).content.decode()
    assert "ala@example.org" not in body
    assert "zamknięte dłużej niż 30 dni" in body
    assert list(ApplicantDataAccess.objects.order_by("pk").values_list("contact_shown", flat=True)) == [
        True,
        False,
    ]


def test_a_member_may_answer_too(home_page, client, organisation):
    member = make_partner(organisation, role="member")
    partner_login(client, member)
    application = apply(organisation)
    response = client.post(inbox_url(organisation, f"{application.pk}/"), {"status": S.DECLINED})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.DECLINED


# --- Youth projects --------------------------------------------------------------------------------


def projects_url(organisation, suffix=""):
    return f"/partnerzy/{organisation.pk}/projekty/{suffix}"


PROPOSAL = {
    "title": "Letnia akademia liderów",
    "description": "Tydzień warsztatów dla młodzieży.",
    "age_min": "14",
    "age_max": "18",
    "starts_on": "",
    "ends_on": "",
    "needs": ["sala", "mentoring"],
}


def test_an_organisation_proposes_a_project_and_cas_staff_are_told(
    signed_in, manager, organisation, settings, django_capture_on_commit_callbacks
):
    assert "nie zaproponowała jeszcze" in signed_in.get(projects_url(organisation)).content.decode()
    form = signed_in.get(projects_url(organisation, "nowy/")).content.decode()
    assert 'type="checkbox"' in form and "<legend>Czego oczekujecie od CAS" in form
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(projects_url(organisation, "nowy/"), PROPOSAL)
    project = YouthProject.objects.get()
    assert response.status_code == 302 and response["Location"] == projects_url(
        organisation, f"{project.pk}/"
    )
    assert (project.organisation, project.proposed_by, project.needs) == (
        organisation, manager.user, ["sala", "mentoring"]
    )  # fmt: skip
    assert [m.to for m in mail.outbox] == [[settings.CAS_STAFF_EMAIL]]
    listing = signed_in.get(projects_url(organisation)).content.decode()
    assert "Letnia akademia liderów" in listing and "zgłoszony" in listing


def test_a_proposal_the_rules_refuse_shows_the_error_by_its_field(signed_in, organisation):
    response = signed_in.post(
        projects_url(organisation, "nowy/"), {**PROPOSAL, "age_min": "18", "age_max": "14"}
    )
    body = response.content.decode()
    assert response.status_code == 422 and "Wiek „od” nie może być większy niż wiek „do”." in body
    response = signed_in.post(projects_url(organisation, "nowy/"), {**PROPOSAL, "needs": []})
    assert response.status_code == 422 and "Zaznacz, czego oczekujecie od CAS." in response.content.decode()
    assert not YouthProject.objects.exists()


def test_the_project_page_shows_the_thread_and_takes_a_comment(
    signed_in, manager, organisation, settings, django_capture_on_commit_callbacks
):
    project = make_youth_project(organisation, manager.user)
    directory.decide_project(project, ProjectStatus.ACCEPTED, by=None, comment="Chętnie pomożemy, sala jest.")
    url = projects_url(organisation, f"{project.pk}/")
    body = signed_in.get(url).content.decode()
    assert "przyjęty" in body and "Chętnie pomożemy, sala jest." in body
    assert "Powiązane przez CAS" in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, {"comment": "Dziękujemy! Kiedy możemy obejrzeć salę?"})
    assert response.status_code == 302
    event = YouthProjectEvent.objects.filter(kind="comment").get()
    assert event.from_organisation and event.actor == manager.user
    assert [m.to for m in mail.outbox] == [[settings.CAS_STAFF_EMAIL]]
    assert "Kiedy możemy obejrzeć salę?" in signed_in.get(url).content.decode()
    empty = signed_in.post(url, {"comment": "  "})
    assert empty.status_code == 422 and "Popraw błędy w formularzu" in empty.content.decode()


def test_links_appear_only_once_accepted(signed_in, manager, organisation):
    project = make_youth_project(organisation, manager.user)
    body = signed_in.get(projects_url(organisation, f"{project.pk}/")).content.decode()
    assert "Powiązane przez CAS" not in body


# --- Isolation of the new pages ------------------------------------------------------------------


def test_another_organisations_application_and_project_answer_404(signed_in, organisation, other):
    theirs = apply(other, first_name="Zenon", email="zenon@example.org")
    project = make_youth_project(other, None, title="Obcy projekt")
    for path in (
        inbox_url(organisation, f"{theirs.pk}/"),
        projects_url(organisation, f"{project.pk}/"),
        inbox_url(other),
        inbox_url(other, f"{theirs.pk}/"),
        projects_url(other),
        projects_url(other, f"{project.pk}/"),
    ):
        for method, data in (("get", {}), ("post", {"status": S.DECLINED, "comment": "Hej"})):
            response = getattr(signed_in, method)(path, data)
            assert response.status_code == 404, (method, path)
            assert (
                "Zenon" not in response.content.decode() and "Obcy projekt" not in response.content.decode()
            )
    theirs.refresh_from_db()
    assert theirs.status == S.NEW and not ApplicantDataAccess.objects.exists()
    assert not project.events.filter(kind="comment").exists()


def test_people_without_a_membership_or_signed_out_see_nothing(home_page, client, organisation):
    application = apply(organisation)
    for path in (
        inbox_url(organisation),
        inbox_url(organisation, f"{application.pk}/"),
        projects_url(organisation),
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/partnerzy/logowanie/")
    nobody = make_partner(make_organisation(), role="manager")
    partner_login(client, nobody)
    for path in (
        inbox_url(organisation),
        inbox_url(organisation, f"{application.pk}/"),
        projects_url(organisation),
    ):
        assert client.get(path).status_code == 404
    assert not ApplicantDataAccess.objects.exists()
