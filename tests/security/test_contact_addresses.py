"""An organisation's e-mail receives volunteers' applications: only coordinators change it, audited.

Redakcja edits the directory, but must not be able to redirect applicants' personal data
(name, e-mail, age, district, message) to an address of its choosing. A coordinator's change goes
through the same service as a partner manager's (``volunteers.services.change_contact_email``):
the new address receives applications only once its owner opens the e-mailed link.
"""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from tests.factories import make_organisation, token_from
from volunteers.models import Organisation

pytestmark = pytest.mark.django_db

EDIT = "/admin/snippets/volunteers/organisation/edit/{}/"
EMAIL_CHANGE_ACTION = "cas.organisation.email_change"
EMAIL_CHANGE_REQUEST_ACTION = "cas.organisation.email_change_requested"
CONFIRM = "/wolontariat/potwierdz-adres-organizacji/"


def edit_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "krs": organisation.krs,
        "description": organisation.description,
        "logo_alt": "",
        "address": organisation.address,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "accepts_volunteers": "on",
        "action-publish": "action-publish",
    }
    data.update(changes)
    return data


def stored_email(organisation):
    organisation = Organisation.objects.get(pk=organisation.pk)
    revision = organisation.latest_revision
    return organisation.email, revision.content["email"] if revision else organisation.email


def test_editor_cannot_change_the_address_applications_go_to(client, editor_user):
    organisation = make_organisation(name="Fundacja Zielona", email="kontakt@zielona.example.org")
    client.force_login(editor_user)
    form = client.get(EDIT.format(organisation.pk)).content.decode()
    assert 'name="email"' not in form

    response = client.post(
        EDIT.format(organisation.pk),
        edit_form(organisation, email="przejete@evil.example.org", phone="+48 32 000 00 00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    live, latest = stored_email(organisation)
    assert live == latest == "kontakt@zielona.example.org"
    assert Organisation.objects.get(pk=organisation.pk).phone == "+48 32 000 00 00"  # the rest was saved
    assert not ModelLogEntry.objects.filter(action=EMAIL_CHANGE_ACTION).exists()


def test_coordinator_changes_the_address_once_its_owner_confirms_it_and_both_steps_are_audited(
    client, coordinator_user, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="Fundacja Zielona", email="kontakt@zielona.example.org")
    client.force_login(coordinator_user)
    assert 'name="email"' in client.get(EDIT.format(organisation.pk)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            EDIT.format(organisation.pk), edit_form(organisation, email="nowy@zielona.example.org")
        )
    assert response.status_code == 302
    # Nothing is redirected yet: neither the live record nor its revision holds the new address.
    assert stored_email(organisation) == ("kontakt@zielona.example.org", "kontakt@zielona.example.org")
    request = ModelLogEntry.objects.get(action=EMAIL_CHANGE_REQUEST_ACTION)
    assert request.user == coordinator_user
    assert request.data == {"old": "kontakt@zielona.example.org", "new": "nowy@zielona.example.org"}
    (confirmation,) = mail.outbox
    assert confirmation.to == ["nowy@zielona.example.org"]

    client.logout()  # the owner of the new address is nobody's admin session
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(CONFIRM, {"token": token_from(confirmation)}).status_code == 200
    assert Organisation.objects.get(pk=organisation.pk).email == "nowy@zielona.example.org"
    entry = ModelLogEntry.objects.get(action=EMAIL_CHANGE_ACTION)
    assert entry.user == coordinator_user
    assert entry.object_id == str(organisation.pk)
    assert entry.data == {"old": "kontakt@zielona.example.org", "new": "nowy@zielona.example.org"}
    client.force_login(coordinator_user)
    history = client.get(
        f"/admin/snippets/volunteers/organisation/history/{organisation.pk}/"
    ).content.decode()
    assert "nowy@zielona.example.org" in history
    assert "czeka na potwierdzenie" in history


def test_a_coordinator_s_other_edits_keep_the_confirmed_address(client, coordinator_user):
    """Publishing an edit made in the admin never sets the address around the confirmation."""
    organisation = make_organisation(name="Fundacja Zielona", email="kontakt@zielona.example.org")
    client.force_login(coordinator_user)
    response = client.post(EDIT.format(organisation.pk), edit_form(organisation, phone="+48 32 111 22 33"))
    assert response.status_code == 302
    live = Organisation.objects.get(pk=organisation.pk)
    assert (live.phone, live.email) == ("+48 32 111 22 33", "kontakt@zielona.example.org")
    assert not ModelLogEntry.objects.filter(action__startswith="cas.organisation.email").exists()


def test_a_new_organisation_s_address_waits_for_its_owner_too(
    client, coordinator_user, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_user)
    data = {
        "name": "Fundacja Nowa",
        "slug": "fundacja-nowa",
        "krs": "",
        "description": "",
        "logo_alt": "",
        "address": "",
        "website": "",
        "email": "biuro@nowa.example.org",
        "phone": "",
        "accepts_volunteers": "on",
        "action-publish": "action-publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/snippets/volunteers/organisation/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(slug="fundacja-nowa")
    assert organisation.live and organisation.email == ""
    assert organisation.pending_email_change.new_email == "biuro@nowa.example.org"
    assert [m.to for m in mail.outbox] == [["biuro@nowa.example.org"]]
