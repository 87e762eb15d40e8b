"""The address an organisation's applications go to: one audited change for the admin and the
partner portal; a new address receives applicants' data only once its owner confirms it."""

import pytest
from django.conf import settings
from django.core import mail
from wagtail.models import ModelLogEntry

from tests.factories import make_opportunity, make_organisation, make_volunteer, token_from
from volunteers import services
from volunteers.models import (
    EMAIL_CHANGE_ACTION,
    EMAIL_CHANGE_REQUEST_ACTION,
    ContactEmailChange,
    Organisation,
)
from volunteers.people import services as registry

pytestmark = pytest.mark.django_db

OLD, NEW = "kontakt@zielona.example.org", "rekrutacja@zielona.example.org"
CONFIRM = "/wolontariat/potwierdz-adres-organizacji/"


@pytest.fixture
def manager(django_user_model):
    return django_user_model.objects.create_user("menedzerka", "menedzerka@zielona.example.org", "x")


@pytest.fixture
def organisation():
    return make_organisation("Fundacja Zielona", slug="fundacja-zielona", email=OLD)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def apply(committed, organisation):
    """A volunteer applies to one of the organisation's offers: where does the application go?"""
    mail.outbox.clear()
    committed(registry.apply_to_opportunity, make_volunteer(), make_opportunity(organisation).pk, "Chętnie!")
    (message,) = mail.outbox
    mail.outbox.clear()
    return message.to


def current_email(organisation):
    return Organisation.objects.get(pk=organisation.pk).email


def test_a_new_address_receives_applications_only_once_its_owner_confirms_it(
    client, manager, organisation, committed, home_page
):
    change = committed(services.change_contact_email, organisation, manager, f"  {NEW} ")
    assert change.new_email == NEW and change.requested_by == manager
    assert current_email(organisation) == OLD
    request = ModelLogEntry.objects.get(action=EMAIL_CHANGE_REQUEST_ACTION)
    assert (request.user, request.data) == (manager, {"old": OLD, "new": NEW})
    (confirmation,) = mail.outbox
    assert confirmation.to == [NEW]
    assert confirmation.subject == "Potwierdź adres na zgłoszenia wolontariuszy: Fundacja Zielona"
    assert CONFIRM in confirmation.body and "72 godziny" in confirmation.body
    token = token_from(confirmation)
    assert apply(committed, organisation) == [OLD]  # not confirmed yet: still the old address

    page = client.get(CONFIRM, {"token": token})  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    html = page.content.decode()
    assert "Fundacja Zielona" in html and NEW in html and 'name="robots" content="noindex"' in html
    assert current_email(organisation) == OLD

    with_callbacks = committed(client.post, CONFIRM, {"token": token})
    assert with_callbacks.status_code == 200
    assert "Adres potwierdzony" in with_callbacks.content.decode()
    assert current_email(organisation) == NEW
    entry = ModelLogEntry.objects.get(action=EMAIL_CHANGE_ACTION)
    assert (entry.user, entry.data, entry.object_id) == (
        manager,
        {"old": OLD, "new": NEW},
        str(organisation.pk),
    )
    (notice,) = mail.outbox
    assert notice.to == [OLD] and NEW in notice.body
    assert notice.subject == "Zmieniono adres na zgłoszenia wolontariuszy: Fundacja Zielona"
    assert not ContactEmailChange.objects.exists()
    assert apply(committed, organisation) == [NEW]

    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 410 and "nieaktualny" in again.content.decode()


def test_a_newer_request_replaces_the_pending_one(client, manager, organisation, committed):
    committed(services.change_contact_email, organisation, manager, "pierwszy@zielona.example.org")
    first = token_from(mail.outbox[-1])
    committed(services.change_contact_email, organisation, manager, NEW)
    second = token_from(mail.outbox[-1])
    assert ContactEmailChange.objects.get().new_email == NEW
    assert client.post(CONFIRM, {"token": first}).status_code == 410
    assert client.get(CONFIRM, {"token": first}).status_code == 410
    assert client.post(CONFIRM, {"token": second}).status_code == 200
    assert current_email(organisation) == NEW


def test_asking_for_the_current_address_withdraws_a_pending_change(client, manager, organisation, committed):
    committed(services.change_contact_email, organisation, manager, NEW)
    token = token_from(mail.outbox[-1])
    assert services.change_contact_email(organisation, manager, OLD.upper()) is None
    assert services.pending_contact_email(organisation) is None
    assert client.post(CONFIRM, {"token": token}).status_code == 410
    assert current_email(organisation) == OLD


def test_removing_the_address_is_immediate_and_audited(manager, organisation, committed):
    assert committed(services.change_contact_email, organisation, manager, "") is None
    assert current_email(organisation) == ""
    entry = ModelLogEntry.objects.get(action=EMAIL_CHANGE_ACTION)
    assert (entry.user, entry.data) == (manager, {"old": OLD, "new": ""})
    (notice,) = mail.outbox
    assert notice.to == [OLD] and "koordynacja wolontariatu CAS" in notice.body
    assert apply(committed, organisation) == [settings.CAS_STAFF_EMAIL]


@pytest.mark.parametrize("value", ["nie-email", "a@b", ["x@example.org"], "x" * 250 + "@example.org"])
def test_a_bad_address_is_refused_with_nothing_recorded(manager, organisation, value):
    with pytest.raises(services.InvalidContactEmail) as refused:
        services.change_contact_email(organisation, manager, value)
    assert refused.value.status == 422 and refused.value.loc == ("body", "payload", "email")
    assert not ContactEmailChange.objects.exists() and not ModelLogEntry.objects.exists()
    assert mail.outbox == []


def test_publishing_any_revision_never_brings_back_an_old_address(
    client, manager, coordinator_user, organisation, committed
):
    """The address is not versioned: a change approved later keeps the confirmed address."""
    services.submit_organisation_change(organisation, manager, {"description": "Nowy opis."})
    committed(services.change_contact_email, organisation, manager, NEW)
    committed(client.post, CONFIRM, {"token": token_from(mail.outbox[-1])})
    assert current_email(organisation) == NEW

    live = Organisation.objects.get(pk=organisation.pk)
    live.get_latest_revision().publish(user=coordinator_user)  # the partner's change, approved
    live = Organisation.objects.get(pk=organisation.pk)
    assert (live.description, live.email) == ("Nowy opis.", NEW)
    live.revisions.order_by("pk").first().publish(user=coordinator_user)  # an old revision, restored
    assert current_email(organisation) == NEW


def test_a_made_up_or_overlong_link_is_gone(client):
    for token in ("x" * 43, "x" * 500, ""):
        response = client.get(CONFIRM, {"token": token})
        assert response.status_code == 410
        assert client.post(CONFIRM, {"token": token}).status_code == 410
