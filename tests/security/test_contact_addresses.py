"""An organisation's e-mail receives volunteers' applications: only coordinators change it, audited.

Redakcja edits the directory, but must not be able to redirect applicants' personal data
(name, e-mail, age, district, message) to an address of its choosing.
"""

import pytest
from wagtail.models import ModelLogEntry

from tests.factories import make_organisation
from volunteers.models import Organisation

pytestmark = pytest.mark.django_db

EDIT = "/admin/snippets/volunteers/organisation/edit/{}/"
EMAIL_CHANGE_ACTION = "cas.organisation.email_change"


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


def test_coordinator_changes_the_address_and_the_change_is_audited(client, coordinator_user):
    organisation = make_organisation(name="Fundacja Zielona", email="kontakt@zielona.example.org")
    client.force_login(coordinator_user)
    assert 'name="email"' in client.get(EDIT.format(organisation.pk)).content.decode()

    response = client.post(
        EDIT.format(organisation.pk), edit_form(organisation, email="nowy@zielona.example.org")
    )
    assert response.status_code == 302
    assert stored_email(organisation) == ("nowy@zielona.example.org", "nowy@zielona.example.org")
    entry = ModelLogEntry.objects.get(action=EMAIL_CHANGE_ACTION)
    assert entry.user == coordinator_user
    assert entry.object_id == str(organisation.pk)
    assert entry.data == {"old": "kontakt@zielona.example.org", "new": "nowy@zielona.example.org"}
    history = client.get(
        f"/admin/snippets/volunteers/organisation/history/{organisation.pk}/"
    ).content.decode()
    assert "nowy@zielona.example.org" in history
