"""An organisation's changes of its profile and offers: new revisions that CAS approves or refuses
in the admin; the website and the API show the approved version only."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.dispatch.dispatcher import _make_id
from wagtail.models import ModelLogEntry, Revision, TaskState, Workflow, WorkflowContentType, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from home.roles import VOLUNTEER_COORDINATORS
from tests.factories import make_opportunity, make_organisation
from volunteers import services, signals
from volunteers.choices import ChangeState
from volunteers.models import OPPORTUNITY_CLOSE_ACTION, Opportunity, Organisation

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/volunteers/{model}/"


@pytest.fixture
def member(django_user_model):
    """A member of a partner organisation: an account of the portal, not of the admin."""
    return django_user_model.objects.create_user(
        "czlonkini", "czlonkini@zielona.example.org", "haslo-testowe-123", first_name="Ola"
    )


@pytest.fixture
def organisation():
    return make_organisation(
        "Fundacja Zielona",
        slug="fundacja-zielona",
        krs="0000123456",
        description="Sadzimy drzewa.",
        email="kontakt@zielona.example.org",
        verified=True,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service as one request would: its e-mails are delivered when it commits."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def decide(client, coordinator, obj, action, comment=""):
    """A coordinator approves or refuses ("Poproś o zmiany") the change in the admin's workflow."""
    obj = type(obj).objects.get(pk=obj.pk)
    task_state = obj.current_workflow_task_state
    model = obj._meta.model_name
    client.force_login(coordinator)
    url = f"{SNIPPETS.format(model=model)}workflow/action/{obj.pk}/{action}/{task_state.pk}/"
    response = client.post(url, {"comment": comment})
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()


def public_description(client, organisation):
    """The description the website and the API show (detail and list must agree)."""
    html = client.get(f"/wolontariat/organizacje/{organisation.slug}/").content.decode()
    api = client.get(f"/api/v3/organisations/{organisation.slug}/").json()
    (listed,) = client.get("/api/v3/organisations/").json()["items"]
    assert listed["description"] == api["description"]
    return html, api["description"]


def subjects_of(outbox_messages):
    return [(message.to, message.subject) for message in outbox_messages]


# --- The workflow the migration sets up ------------------------------------------------------------


def test_changes_of_both_models_go_to_the_coordinators_workflow():
    workflow = Workflow.objects.get(name="Moderacja zmian partnerów")
    assert workflow.active
    (task,) = [task.specific for task in workflow.tasks]
    assert [group.name for group in task.groups.all()] == [VOLUNTEER_COORDINATORS]
    for model in (Organisation, Opportunity):
        content_type = ContentType.objects.get_for_model(model)
        assert WorkflowContentType.objects.get(content_type=content_type).workflow == workflow
        assert model.get_default_workflow() == workflow


# --- Profile changes ---------------------------------------------------------------------------


def test_a_profile_change_is_public_only_after_cas_approves_it(
    client, member, coordinator_user, organisation, committed, home_page
):
    revision = committed(
        services.submit_organisation_change,
        organisation,
        member,
        {"description": "Sadzimy drzewa i sprzątamy parki.", "website": "https://zielona.example.org"},
    )
    assert revision.user == member
    html, api = public_description(client, organisation)
    assert "Sadzimy drzewa." in html and "sprzątamy parki" not in html
    assert api == "Sadzimy drzewa."
    assert Organisation.objects.get(pk=organisation.pk).website == ""
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.IN_MODERATION and change.submitted_by == member
    # CAS's staff address hears of it, through the outbox (not Wagtail's own notices).
    assert subjects_of(mail.outbox) == [
        ([settings.CAS_STAFF_EMAIL], "Zmiana do akceptacji: Fundacja Zielona (Fundacja Zielona)")
    ]
    assert "/admin/snippets/volunteers/organisation/edit/" in mail.outbox[0].body
    mail.outbox.clear()

    with_callbacks = committed(lambda: decide(client, coordinator_user, organisation, "approve"))
    assert with_callbacks is None
    html, api = public_description(client, organisation)
    assert "sprzątamy parki" in html and api == "Sadzimy drzewa i sprzątamy parki."
    live = Organisation.objects.get(pk=organisation.pk)
    assert live.website == "https://zielona.example.org" and live.live_revision_id == revision.pk
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.APPROVED and change.decided_at is not None
    assert subjects_of(mail.outbox) == [
        (["czlonkini@zielona.example.org"], "CAS zaakceptował zmianę: Fundacja Zielona")
    ]
    assert (
        f"{settings.WAGTAILADMIN_BASE_URL}/wolontariat/organizacje/fundacja-zielona/" in mail.outbox[0].body
    )


def test_a_refused_change_keeps_the_live_version_and_shows_cas_comment(
    client, member, coordinator_user, organisation, committed, home_page
):
    committed(services.submit_organisation_change, organisation, member, {"description": "Kupujemy drzewa."})
    mail.outbox.clear()
    comment = "Proszę opisać, gdzie sadzicie drzewa."
    committed(lambda: decide(client, coordinator_user, organisation, "reject", comment))

    html, api = public_description(client, organisation)
    assert "Sadzimy drzewa." in html and api == "Sadzimy drzewa."
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.REFUSED and change.comment == comment
    assert change.title == "Fundacja Zielona"
    (message,) = mail.outbox
    assert message.to == ["czlonkini@zielona.example.org"]
    assert message.subject == "CAS prosi o poprawki: Fundacja Zielona"
    assert comment in message.body and "poprzednią, zaakceptowaną wersję" in message.body

    # Corrected and sent again: the same review resumes, on the new revision.
    committed(services.submit_organisation_change, organisation, member, {"description": "Sadzimy w Sielcu."})
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.IN_MODERATION and change.comment == ""
    assert WorkflowState.objects.count() == 1
    committed(lambda: decide(client, coordinator_user, organisation, "approve"))
    assert public_description(client, organisation)[1] == "Sadzimy w Sielcu."


def test_a_second_change_while_the_first_waits_keeps_both(
    client, member, coordinator_user, organisation, committed, home_page
):
    first = committed(
        services.submit_organisation_change, organisation, member, {"description": "Nowy opis."}
    )
    second = committed(
        services.submit_organisation_change, organisation, member, {"phone": "+48 32 111 22 33"}
    )
    assert second.content["description"] == "Nowy opis."  # built on the first, not on the live version
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == second.pk  # CAS reviews the newest
    assert TaskState.objects.filter(revision=first, status=TaskState.STATUS_CANCELLED).exists()
    assert len(services.change_states(organisation)) == 1

    committed(lambda: decide(client, coordinator_user, organisation, "approve"))
    live = Organisation.objects.get(pk=organisation.pk)
    assert (live.description, live.phone) == ("Nowy opis.", "+48 32 111 22 33")


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Fundacja Przejęta"),
        ("slug", "przejeta"),
        ("krs", "0000999999"),
        ("verified", False),
        ("live", True),
        ("email", "przejete@evil.example.org"),
        ("logo", 1),
        ("latest_revision", None),
    ],
)
def test_a_partner_cannot_change_what_cas_vouches_for(member, organisation, field, value):
    with pytest.raises(services.InvalidChange) as refused:
        services.submit_organisation_change(organisation, member, {"description": "Nowy opis.", field: value})
    assert refused.value.errors == {field: [str(services.changes.NOT_EDITABLE)]}
    assert refused.value.loc == ("body", "payload", field) and refused.value.status == 422
    assert not Revision.objects.exists() and not WorkflowState.objects.exists()
    live = Organisation.objects.get(pk=organisation.pk)
    assert (live.name, live.slug, live.krs, live.verified) == (
        "Fundacja Zielona",
        "fundacja-zielona",
        "0000123456",
        True,
    )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"website": "javascript:alert(1)"}, "website", "Wpisz poprawny URL."),
        ({"areas": ["nie-ma-takiego"]}, "areas", "Nie ma wartości „nie-ma-takiego”."),
        ({"areas": "ekologia"}, "areas", "Nieprawidłowa wartość."),
        ({"district": "atlantyda"}, "district", "Nie ma wartości „atlantyda”."),
        ({"description": ["lista"]}, "description", "Nieprawidłowa wartość."),
        ({"accepts_volunteers": "może"}, "accepts_volunteers", None),
        ({"phone": "1" * 41}, "phone", None),
    ],
)
def test_bad_values_refuse_the_change_with_the_field_named(member, organisation, data, field, message):
    with pytest.raises(services.InvalidChange) as refused:
        services.submit_organisation_change(organisation, member, data)
    assert set(refused.value.errors) == {field}
    if message:
        assert refused.value.errors[field] == [message]
    assert not Revision.objects.exists()


def test_vocabularies_are_given_by_slug(member, organisation, district):
    revision = services.submit_organisation_change(
        organisation,
        member,
        {"areas": ["ekologia", "ekologia"], "district": "pogon", "accepts_volunteers": False},
    )
    draft = revision.as_object()
    assert [area.slug for area in draft.areas.all()] == ["ekologia"]
    assert draft.district == district and draft.accepts_volunteers is False
    assert list(Organisation.objects.get(pk=organisation.pk).areas.all()) == []  # live unchanged


def test_a_coordinator_editing_the_record_locks_partners_out(member, coordinator_user, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(locked=True, locked_by=coordinator_user)
    with pytest.raises(services.ChangeLocked) as locked:
        services.submit_organisation_change(organisation, member, {"description": "Inny opis."})
    assert locked.value.status == 409
    assert not Revision.objects.exists()


def test_without_the_workflow_nothing_is_published_unchecked(member, organisation):
    WorkflowContentType.objects.all().delete()
    with pytest.raises(services.ModerationUnavailable):
        services.submit_organisation_change(organisation, member, {"description": "Inny opis."})
    assert not Revision.objects.exists()
    assert Organisation.objects.get(pk=organisation.pk).description == "Sadzimy drzewa."


# --- Offers --------------------------------------------------------------------------------------

OFFER = {
    "title": "Sadzenie drzew w Parku Sieleckim",
    "description": "Pomóż nam posadzić 100 drzew.",
    "skills": [],
    "areas": ["ekologia"],
    "commitment": "jednorazowo",
    "starts_on": "2030-04-10",
    "ends_on": "2030-04-10",
    "min_age": "13",
    "benefits": ["zaswiadczenie"],
}


def test_a_new_offer_is_public_only_after_approval(
    client, member, coordinator_user, organisation, committed, home_page
):
    opportunity = committed(services.create_opportunity, organisation, member, OFFER)
    assert not opportunity.live and opportunity.organisation == organisation
    assert opportunity.latest_revision.user == member
    assert client.get(f"/wolontariat/oferty/{opportunity.pk}/").status_code == 404
    assert client.get(f"/api/v3/opportunities/{opportunity.pk}/").status_code == 404
    assert client.get("/api/v3/opportunities/").json()["count"] == 0
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.IN_MODERATION and change.is_opportunity
    assert change.title == OFFER["title"]
    assert mail.outbox[-1].subject == f"Zmiana do akceptacji: {OFFER['title']} (Fundacja Zielona)"
    mail.outbox.clear()

    committed(lambda: decide(client, coordinator_user, opportunity, "approve", "Dziękujemy!"))
    detail = client.get(f"/api/v3/opportunities/{opportunity.pk}/").json()
    assert detail["title"] == OFFER["title"] and detail["min_age"] == 13
    assert (
        "Pomóż nam posadzić 100 drzew."
        in client.get(f"/wolontariat/oferty/{opportunity.pk}/").content.decode()
    )
    (message,) = mail.outbox
    assert message.subject == f"CAS zaakceptował zmianę: {OFFER['title']}"
    assert "Dziękujemy!" in message.body and f"/wolontariat/oferty/{opportunity.pk}/" in message.body


def test_an_offer_needs_a_title_and_sensible_dates(member, organisation):
    with pytest.raises(services.InvalidChange) as refused:
        services.create_opportunity(organisation, member, {**OFFER, "title": " "})
    assert "title" in refused.value.errors
    with pytest.raises(services.InvalidChange) as refused:
        services.create_opportunity(organisation, member, {**OFFER, "starts_on": "2030-05-01"})
    assert refused.value.errors == {
        "__all__": ["Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."]
    }
    assert refused.value.loc == ("body", "payload")
    with pytest.raises(services.InvalidChange) as refused:
        services.create_opportunity(
            organisation, member, {**OFFER, "starts_on": "10.04.2030", "min_age": "x"}
        )
    assert set(refused.value.errors) == {"starts_on", "min_age"}
    with pytest.raises(services.InvalidChange) as refused:
        services.create_opportunity(organisation, member, {**OFFER, "benefits": ["pizza"]})
    assert set(refused.value.errors) == {"benefits"}
    with pytest.raises(services.InvalidChange) as refused:
        services.create_opportunity(organisation, member, {**OFFER, "organisation": 1})
    assert set(refused.value.errors) == {"organisation"}
    assert not Opportunity.objects.exists()


def test_an_offer_change_waits_like_a_profile_change(
    client, member, coordinator_user, organisation, committed
):
    opportunity = make_opportunity(organisation, "Pomoc w schronisku", places=5)
    committed(
        services.submit_opportunity_change,
        opportunity,
        member,
        {"places": 8, "title": "Pomoc w schronisku dla psów"},
    )
    assert client.get(f"/api/v3/opportunities/{opportunity.pk}/").json()["places"] == 5
    assert "dla psów" not in client.get("/wolontariat/oferty/").content.decode()
    listed = client.get("/api/v3/opportunities/").json()["items"]
    assert [o["title"] for o in listed] == ["Pomoc w schronisku"]
    committed(lambda: decide(client, coordinator_user, opportunity, "approve"))
    assert client.get(f"/api/v3/opportunities/{opportunity.pk}/").json()["places"] == 8
    assert "Pomoc w schronisku dla psów" in client.get("/wolontariat/oferty/").content.decode()


def test_closing_an_offer_is_immediate_and_withdraws_its_pending_change(
    client, member, organisation, committed
):
    opportunity = make_opportunity(organisation, "Pomoc w schronisku")
    committed(
        services.submit_opportunity_change, opportunity, member, {"title": "Pomoc w schronisku (zmiana)"}
    )

    closed = committed(services.close_opportunity, opportunity, member)
    assert not closed.live
    assert client.get(f"/api/v3/opportunities/{opportunity.pk}/").status_code == 404
    assert client.get(f"/wolontariat/oferty/{opportunity.pk}/").status_code == 404
    assert not Opportunity.objects.open().filter(pk=opportunity.pk).exists()  # no applications either
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_CANCELLED  # approval cannot reopen it
    entry = ModelLogEntry.objects.get(action=OPPORTUNITY_CLOSE_ACTION)
    assert entry.user == member and entry.object_id == str(opportunity.pk)
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.WITHDRAWN

    services.close_opportunity(opportunity, member)  # closing twice changes nothing
    assert ModelLogEntry.objects.filter(action=OPPORTUNITY_CLOSE_ACTION).count() == 1


def test_a_closed_offer_opens_again_when_cas_approves_its_change(
    client, member, coordinator_user, organisation, committed
):
    opportunity = make_opportunity(organisation, "Pomoc w schronisku")
    services.close_opportunity(opportunity, member)
    committed(services.submit_opportunity_change, opportunity, member, {"ends_on": "2031-01-31"})
    assert client.get(f"/api/v3/opportunities/{opportunity.pk}/").status_code == 404
    committed(lambda: decide(client, coordinator_user, opportunity, "approve"))
    assert client.get(f"/api/v3/opportunities/{opportunity.pk}/").json()["ends_on"] == "2031-01-31"


def test_duplicating_an_offer_makes_a_draft_copy(client, member, organisation, committed):
    source = make_opportunity(
        organisation, "Pomoc w schronisku", areas=["ekologia"], places=4, benefits=["posilek"]
    )
    copy = services.duplicate_opportunity(source, member)
    assert copy.pk != source.pk and not copy.live
    assert copy.title == "Pomoc w schronisku (kopia)"
    assert (copy.places, copy.benefits, [a.slug for a in copy.areas.all()]) == (4, ["posilek"], ["ekologia"])
    assert copy.latest_revision.user == member
    assert not WorkflowState.objects.exists() and mail.outbox == []  # nothing sent to CAS yet
    assert client.get(f"/api/v3/opportunities/{copy.pk}/").status_code == 404
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.DRAFT and change.subject == copy

    committed(services.submit_opportunity_change, copy, member, {"title": "Pomoc w schronisku — lato"})
    (change,) = services.change_states(organisation)
    assert change.state == ChangeState.IN_MODERATION and change.title == "Pomoc w schronisku — lato"


def test_change_states_show_recent_decisions_and_everything_waiting(
    member, coordinator_user, organisation, client
):
    from datetime import timedelta

    from django.utils import timezone

    services.submit_organisation_change(organisation, member, {"description": "Opis 1."})
    decide(client, coordinator_user, organisation, "approve")
    waiting = services.create_opportunity(organisation, member, OFFER)
    states = services.change_states(organisation)
    assert [(c.subject, c.state) for c in states] == [
        (waiting, ChangeState.IN_MODERATION),
        (Organisation.objects.get(pk=organisation.pk), ChangeState.APPROVED),
    ]
    later = timezone.now() + services.RECENT_CHANGES + timedelta(days=1)
    assert [c.state for c in services.change_states(organisation, now=later)] == [ChangeState.IN_MODERATION]
    other = make_organisation("Fundacja Inna")
    assert services.change_states(other) == []


# --- E-mails ----------------------------------------------------------------------------------------


def test_wagtail_s_own_moderation_e_mails_give_way_to_the_outbox():
    """Wagtail's receivers are replaced (same dispatch uid): for these models only ours send."""
    for signal, sender, uid, _notifier, _state in signals.wagtail_notices():
        (receiver,) = [r for key, r, *_ in signal.receivers if key == (uid, _make_id(sender))]
        assert getattr(receiver, "gives_way_to_partner_changes", False), uid
    assert {signal for signal, *_ in signals.wagtail_notices()} == {
        task_submitted,
        workflow_submitted,
        workflow_rejected,
        workflow_approved,
    }


def test_the_coordinator_who_made_a_change_is_not_told_of_their_own_decision(
    client, coordinator_user, organisation, committed
):
    committed(services.submit_organisation_change, organisation, coordinator_user, {"description": "Opis."})
    mail.outbox.clear()
    committed(lambda: decide(client, coordinator_user, organisation, "approve"))
    assert mail.outbox == []
