"""The one status change of an application: who may make which change, the e-mail to the
volunteer, the audit log, and every path that changes a status going through it."""

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.factories import make_opportunity, make_organisation, make_volunteer, self_service_token
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, Channel
from volunteers.people.models import Application, Volunteer
from volunteers.people.viewsets import ApplicationAdmin

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ORGANISATION_SIDE = [Channel.ADMIN, Channel.PORTAL, Channel.API]


@pytest.fixture
def application():
    organisation = make_organisation("Fundacja Zielony Zaułek", email="biuro@zaulek.example.org")
    volunteer = make_volunteer(first_name="Ala", email="ala@example.org")
    return services.apply_to_opportunity(volunteer, make_opportunity(organisation, "Sadzenie drzew").pk)


def at_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def status_entries(application):
    return list(
        ModelLogEntry.objects.filter(action=services.STATUS_CHANGE_ACTION, object_id=str(application.pk))
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.NEW, S.IN_CONTACT),
        (S.NEW, S.ACCEPTED),
        (S.NEW, S.DECLINED),
        (S.IN_CONTACT, S.ACCEPTED),
        (S.IN_CONTACT, S.DECLINED),
        (S.ACCEPTED, S.COMPLETED),
    ],
)
@pytest.mark.parametrize("via", ORGANISATION_SIDE)
def test_the_organisation_side_moves_an_application_on(application, start, target, via, coordinator_user):
    at_status(application, start)
    services.change_application_status(application, target, by=coordinator_user, via=via)
    application.refresh_from_db()
    assert application.status == target
    assert (application.closed_at is not None) == (target in (S.DECLINED, S.COMPLETED))
    [entry] = status_entries(application)
    assert entry.user == coordinator_user
    assert entry.data == {"from": start, "to": target, "via": via, "message": False}


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.NEW, S.COMPLETED),  # completed only after it was accepted
        (S.NEW, S.NEW),
        (S.IN_CONTACT, S.IN_CONTACT),
        (S.ACCEPTED, S.DECLINED),
        (S.ACCEPTED, S.IN_CONTACT),
        (S.DECLINED, S.ACCEPTED),  # closed applications lead nowhere
        (S.COMPLETED, S.ACCEPTED),
        (S.WITHDRAWN, S.ACCEPTED),
        (S.WITHDRAWN, S.IN_CONTACT),
    ],
)
@pytest.mark.parametrize("via", ORGANISATION_SIDE)
def test_changes_the_workflow_does_not_allow_are_refused(application, start, target, via):
    at_status(application, start)
    with pytest.raises(services.InvalidApplicationTransition) as refused:
        services.change_application_status(application, target, via=via)
    assert refused.value.status == 409
    assert "Nie można zmienić statusu zgłoszenia" in str(refused.value.message)
    application.refresh_from_db()
    assert application.status == start and not status_entries(application)
    assert not mail.outbox


@pytest.mark.parametrize("start", [S.NEW, S.IN_CONTACT, S.ACCEPTED])
@pytest.mark.parametrize("via", ORGANISATION_SIDE)
def test_withdrawn_stays_the_volunteers_own(application, start, via):
    at_status(application, start)
    with pytest.raises(services.InvalidApplicationTransition) as refused:
        services.change_application_status(application, S.WITHDRAWN, via=via)
    assert str(refused.value.message) == "Zgłoszenie może wycofać tylko wolontariusz."
    application.refresh_from_db()
    assert application.status == start


@pytest.mark.parametrize("target", [S.ACCEPTED, S.DECLINED, S.IN_CONTACT, S.COMPLETED])
def test_the_volunteer_can_only_withdraw(application, target):
    with pytest.raises(services.InvalidApplicationTransition):
        services.change_application_status(application, target, via=Channel.VOLUNTEER)
    services.change_application_status(application, S.WITHDRAWN, via=Channel.VOLUNTEER)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN and application.closed_at is not None


def test_an_unknown_side_is_a_programming_error(application):
    with pytest.raises(ValueError):
        services.change_application_status(application, S.ACCEPTED, via="fax")


def test_a_too_long_message_is_refused_before_anything_changes(application):
    with pytest.raises(services.MessageTooLong) as refused:
        services.change_application_status(application, S.ACCEPTED, message="x" * 2001)
    assert refused.value.status == 422 and "2000" in str(refused.value.message)
    application.refresh_from_db()
    assert application.status == S.NEW


def test_the_volunteer_gets_the_decision_and_the_message_by_e_mail(application, commit):
    mail.outbox.clear()
    commit(
        services.change_application_status,
        application,
        S.ACCEPTED,
        message="Zapraszamy w sobotę o 9:00 pod ratusz.",
        via=Channel.PORTAL,
    )
    [message] = mail.outbox
    assert message.to == ["ala@example.org"]
    assert message.reply_to == ["biuro@zaulek.example.org"]  # answers go to the organisation
    assert message.subject == "Twoje zgłoszenie do oferty „Sadzenie drzew”: przyjęte"
    assert "Cześć Ala," in message.body
    assert "Fundacja Zielony Zaułek przyjęła Twoje zgłoszenie" in message.body
    assert "Wiadomość od organizacji Fundacja Zielony Zaułek:" in message.body
    assert "Zapraszamy w sobotę o 9:00 pod ratusz." in message.body
    assert "/wolontariat/moje-dane/" in message.body
    assert status_entries(application)[0].data["message"] is True


def test_without_a_message_the_decision_still_reaches_the_volunteer(application, commit):
    mail.outbox.clear()
    commit(services.change_application_status, application, S.DECLINED, via=Channel.API)
    [message] = mail.outbox
    assert "tym razem nie przyjęła" in message.body and "Wiadomość od" not in message.body


def test_a_message_from_cas_staff_says_so(application, commit, coordinator_user):
    mail.outbox.clear()
    commit(
        services.change_application_status,
        application,
        S.IN_CONTACT,
        by=coordinator_user,
        message="Organizacja odezwie się w tym tygodniu.",
    )
    assert "Wiadomość od zespołu CAS:" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("en", "Your application to “Sadzenie drzew”: accepted", "accepted your application"),
        ("uk", "Ваша заявка на пропозицію «Sadzenie drzew»: прийнята", "прийняла Вашу заявку"),
    ],
)
def test_the_e_mail_speaks_the_volunteers_language(commit, language, subject, line):
    volunteer = make_volunteer(first_name="Iryna", language=language)
    application = services.apply_to_opportunity(volunteer, make_opportunity(title="Sadzenie drzew").pk)
    mail.outbox.clear()
    commit(services.change_application_status, application, S.ACCEPTED, message="OK", via=Channel.PORTAL)
    [message] = mail.outbox
    assert message.subject == subject
    assert line in message.body


def test_the_volunteers_own_withdrawal_e_mails_nobody(application, commit):
    mail.outbox.clear()
    commit(services.withdraw_application, application.volunteer, application.pk)
    assert not mail.outbox


def test_an_erased_volunteer_is_not_e_mailed_any_more(application):
    services.change_application_status(application, S.ACCEPTED, message="Zapraszamy", via=Channel.PORTAL)
    Application.objects.filter(pk=application.pk).update(volunteer=None)  # erased before it went out
    call_command("send_pending_emails", stdout=StringIO())
    assert not [m for m in mail.outbox if "ala@example.org" in m.to]


def test_the_history_of_the_application_shows_the_change(application, client, coordinator_user):
    services.change_application_status(application, S.ACCEPTED, by=coordinator_user, via=Channel.PORTAL)
    client.force_login(coordinator_user)
    history = client.get(ApplicationAdmin().url_helper.get_action_url("history", application.pk))
    assert history.status_code == 200
    assert "Status: „nowe” → „przyjęte” (portal partnera)" in history.content.decode()


# --- Every path that changes a status goes through the one service ---------------------------


def test_admin_status_view_goes_through_the_service(application, client, coordinator_user, commit):
    client.force_login(coordinator_user)
    admin = ApplicationAdmin().url_helper
    form = client.get(admin.get_action_url("status", application.pk))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="przyjete"' in html and 'value="wycofane"' not in html and 'value="zakonczone"' not in html
    mail.outbox.clear()
    response = commit(
        client.post,
        admin.get_action_url("status", application.pk),
        {"status": S.ACCEPTED, "message": "Do zobaczenia!"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    [entry] = status_entries(application)
    assert entry.data["via"] == Channel.ADMIN and entry.user == coordinator_user
    assert "Do zobaczenia!" in mail.outbox[0].body

    refused = client.post(admin.get_action_url("status", application.pk), {"status": S.WITHDRAWN})
    assert refused.status_code == 422
    application.refresh_from_db()
    assert application.status == S.ACCEPTED


def test_admin_status_view_of_a_closed_application_offers_nothing(application, client, coordinator_user):
    at_status(application, S.DECLINED)
    client.force_login(coordinator_user)
    url = ApplicationAdmin().url_helper.get_action_url("status", application.pk)
    assert "jest zamknięte" in client.get(url).content.decode()
    assert client.post(url, {"status": S.ACCEPTED}).status_code == 422
    application.refresh_from_db()
    assert application.status == S.DECLINED


def test_the_admin_edit_form_no_longer_sets_a_status(application, client, coordinator_user):
    client.force_login(coordinator_user)
    response = client.post(
        ApplicationAdmin().url_helper.get_action_url("edit", application.pk), {"status": S.ACCEPTED}
    )
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == S.NEW


def test_editors_cannot_change_a_status(application, client, editor_user):
    client.force_login(editor_user)
    url = ApplicationAdmin().url_helper.get_action_url("status", application.pk)
    assert client.post(url, {"status": S.ACCEPTED}).status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == S.NEW


def test_self_service_website_withdrawal_goes_through_the_service(home_page, application, client):
    client.post(
        "/wolontariat/moje-dane/", {"action": "open", "token": self_service_token(application.volunteer)}
    )
    client.post(f"/wolontariat/moje-dane/zgloszenia/{application.pk}/wycofaj/")
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    [entry] = status_entries(application)
    assert entry.data == {"from": S.NEW, "to": S.WITHDRAWN, "via": Channel.VOLUNTEER, "message": False}


def test_withdrawing_a_decided_application_changes_nothing(application):
    at_status(application, S.ACCEPTED)
    assert services.withdraw_application(application.volunteer, application.pk).status == S.ACCEPTED
    assert not status_entries(application)


def test_erasure_withdraws_through_the_service(application, bearer):
    decided = services.apply_to_opportunity(application.volunteer, make_opportunity().pk)
    at_status(decided, S.ACCEPTED)
    response = bearer("delete", "volunteers/me", self_service_token(application.volunteer))
    assert response.status_code == 204
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN and application.volunteer is None
    [entry] = status_entries(application)
    assert entry.data["via"] == Channel.ERASURE and entry.user is None
    assert Application.objects.get(pk=decided.pk).status == S.ACCEPTED  # a decision stays
    assert not status_entries(decided)


def test_retention_of_inactive_volunteers_withdraws_through_the_service(application):
    Volunteer.objects.filter(pk=application.volunteer_id).update(
        last_active_at=timezone.now() - timedelta(days=800)
    )
    call_command("purge_personal_data", stdout=StringIO())
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN and application.volunteer is None
    assert status_entries(application)[0].data["via"] == Channel.ERASURE


#: The one module that may write an application's status.
SERVICE = Path("volunteers/people/services/applications.py")
STATUS_WRITE = re.compile(r"\.status\s*=[^=]|update\([^)]*\bstatus\s*=|\"status\"\s*:\s*ApplicationStatus")


def test_no_other_code_writes_an_application_status():
    """A new path (a view, an API operation, a command) that sets the status itself fails here.

    Demo content (``seed.py``) creates applications as they stand and changes none."""
    offenders = []
    root = Path(settings.BASE_DIR)
    for app in ("volunteers", "home", "campaigns", "initiatives", "cas_site"):
        for path in (root / app).rglob("*.py"):
            relative = path.relative_to(root)
            if "migrations" in relative.parts or relative in (SERVICE, Path("volunteers/people/seed.py")):
                continue
            text = path.read_text()
            if not re.search(r"\bApplication\b|ApplicationStatus", text):
                continue
            for number, line in enumerate(text.splitlines(), 1):
                if STATUS_WRITE.search(line) and "volunteer.status" not in line:
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
