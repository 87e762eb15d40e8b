"""Demo content of the partner portal (``make run``): two organisations whose people log in with the
printed password and TOTP key, applications in several states, a co-organised youth project and a
profile change waiting for the coordinators; seeded once, and no e-mail goes to the made-up people."""

import base64
import io
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_otp.oath import totp
from wagtail.models import ModelLogEntry

from home.models import EmailLink, OutgoingEmail
from volunteers.choices import ChangeState, ProjectEventKind, ProjectStatus
from volunteers.models import Opportunity, Organisation, YouthProject, YouthProjectEvent
from volunteers.partners import seed as partners_seed
from volunteers.partners.models import Membership
from volunteers.people.choices import ApplicationStatus, Channel
from volunteers.people.models import Application
from volunteers.people.services import STATUS_CHANGE_ACTION
from volunteers.services import change_states

pytestmark = pytest.mark.django_db

S = ApplicationStatus
LOGIN = "/partnerzy/logowanie/"
VERIFY = "/partnerzy/drugi-skladnik/"
DEMO = [partners_seed.ZAULEK, partners_seed.MLODZI]


def seeded():
    """The apps ``seed_demo`` runs before the portal's (the directory, the registry), then it."""
    from volunteers.people.seed import seed as seed_registry
    from volunteers.seed import seed as seed_directory

    seed_directory(io.StringIO())
    seed_registry(io.StringIO())
    out = io.StringIO()
    partners_seed.seed(out)
    return out.getvalue()


def printed_logins(*args):
    out = io.StringIO()
    call_command("partner_demo_logins", *args, stdout=out)
    return out.getvalue()


def printed_keys(output):
    """{e-mail: base32 key} as ``make run`` prints them."""
    return dict(re.findall(r"(\S+@example\.org)\s+klucz TOTP: ([A-Z2-7]+)", output))


def code_from_key(key: str) -> str:
    """What an authenticator app shows for the key typed in (SHA-1, 6 digits, 30 s)."""
    return f"{totp(base64.b32decode(key), step=30, digits=6, t0=0):06d}"


def vias(application):
    """Through what each status change of ``application`` was made (its audit entries, in order)."""
    entries = ModelLogEntry.objects.filter(action=STATUS_CHANGE_ACTION, object_id=str(application.pk))
    return [entry.data["via"] for entry in entries.order_by("timestamp", "pk")]


def applications():
    return Application.objects.filter(opportunity__organisation__slug__in=DEMO)


def snapshot():
    return {
        "applications": sorted(
            applications().values_list("volunteer__email", "opportunity__title", "status")
        ),
        "memberships": sorted(Membership.objects.values_list("user__username", "organisation__slug", "role")),
        "opportunities": Opportunity.objects.count(),
        "projects": sorted(YouthProject.objects.values_list("title", "status")),
        "events": YouthProjectEvent.objects.count(),
        "revisions": sorted(
            (o.slug, o.revisions.count()) for o in Organisation.objects.filter(slug__in=DEMO)
        ),
        "emails": OutgoingEmail.objects.count(),
    }


def test_each_organisation_has_a_manager_who_logs_in_with_the_printed_password_and_key(
    home_page, client, settings
):
    seeded()
    output = printed_logins()
    assert f"hasło: {partners_seed.DEMO_PASSWORD}" in output
    keys = printed_keys(output)
    managers = Membership.objects.managers().select_related("organisation", "user")
    assert {m.organisation.slug for m in managers} == set(DEMO)
    assert {m.user.email for m in managers} <= set(keys)

    for membership in managers:
        client.logout()
        response = client.post(
            LOGIN, {"username": membership.user.email, "password": partners_seed.DEMO_PASSWORD}
        )
        assert response.status_code == 302, response.content.decode()[:500]
        dashboard = f"/partnerzy/{membership.organisation_id}/"
        response = client.post(
            f"{VERIFY}?next={dashboard}", {"code": code_from_key(keys[membership.user.email])}
        )
        assert response.status_code == 302 and response["Location"] == dashboard
        page = client.get(dashboard)
        assert page.status_code == 200
        assert membership.organisation.name in page.content.decode()


def test_the_member_logs_in_with_a_code_from_the_codes_command(home_page, client):
    seeded()
    [member] = Membership.objects.active().filter(role="member").select_related("user", "organisation")
    assert member.organisation.slug == partners_seed.ZAULEK

    if 30 - time.time() % 30 < 3:  # the code printed would expire before it is typed
        time.sleep(3)
    output = printed_logins("--codes")
    code = re.search(rf"{re.escape(member.user.email)}: (\d{{6}})", output).group(1)
    assert f"otpauth://totp/CAS%20Sosnowiec%3A{member.user.email.replace('@', '%40')}" in output
    client.post(LOGIN, {"username": member.user.email, "password": partners_seed.DEMO_PASSWORD})
    assert client.post(VERIFY, {"code": code}).status_code == 302
    assert client.get(f"/partnerzy/{member.organisation_id}/").status_code == 200


def test_applications_in_several_states_a_project_and_a_change_waiting_for_cas(
    home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seeded()
    zaulek, mlodzi = (Organisation.objects.get(slug=slug) for slug in DEMO)

    # Open offers of each, one of them sent by the organisation and approved through the workflow.
    for organisation in (zaulek, mlodzi):
        assert Opportunity.objects.open().filter(organisation=organisation).exists()
    new_offer = Opportunity.objects.open().get(title=partners_seed.NEW_OFFER_TITLE)
    assert new_offer.organisation == mlodzi and new_offer.live
    assert new_offer.latest_revision.user.email == "kamil.mlodzi@example.org"

    # Applications to both, in every state the portal shows, changed through the one service.
    for organisation in (zaulek, mlodzi):
        assert applications().filter(opportunity__organisation=organisation).count() >= 3
    assert {S.NEW, S.IN_CONTACT, S.ACCEPTED, S.DECLINED, S.COMPLETED, S.WITHDRAWN} <= set(
        applications().values_list("status", flat=True)
    )
    withdrawn = applications().get(status=S.WITHDRAWN, opportunity__organisation=mlodzi)
    assert vias(withdrawn) == [Channel.VOLUNTEER]
    completed = applications().get(status=S.COMPLETED, opportunity__organisation=zaulek)
    assert vias(completed) == [Channel.PORTAL, Channel.PORTAL]  # accepted, then completed

    # The youth project: proposed by the manager, accepted by CAS with a comment, linked.
    project = YouthProject.objects.get(organisation=mlodzi)
    assert (
        project.status == ProjectStatus.ACCEPTED and project.proposed_by.email == "kamil.mlodzi@example.org"
    )
    decision = project.events.get(kind=ProjectEventKind.STATUS)
    assert decision.comment == partners_seed.PROJECT_ACCEPTANCE and not decision.from_organisation
    assert new_offer in project.opportunities.all()

    # Zielony Zaułek's profile change waits in the coordinators' workflow; the site shows the old one.
    [change] = [c for c in change_states(zaulek) if not c.is_opportunity]
    assert change.state == ChangeState.IN_MODERATION
    assert change.submitted_by.email == "anna.zaulek@example.org"
    assert zaulek.current_workflow_state.status == "in_progress"
    assert partners_seed.PROFILE_ADDITION not in zaulek.description
    assert partners_seed.PROFILE_ADDITION in zaulek.get_latest_revision_as_object().description

    # Nobody was mailed, and the outbox holds nothing the seed queued.
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists() and not EmailLink.objects.exists()


def test_running_it_twice_changes_nothing(home_page):
    first = seeded()
    before = snapshot()

    again = seeded()

    assert snapshot() == before
    assert "(nowych: 0)" in again and "(nowych: 3)" in first
    assert "pominięto" not in first + again


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_make_run_seeds_the_portal_through_seed_demo_and_prints_the_logins():
    """``make run`` calls ``seed_demo`` (the portal's seed after the registry's), then prints the
    logins under the admin's, with the switch the portal needs while it is off."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())

    assert "Portal partnerów" in out.getvalue() and "portal partnerów: organizacje 2" in out.getvalue()
    assert snapshot() == before
    with override_settings(CAS_PARTNERS_PUBLIC=False):
        output = printed_logins("--url", "http://127.0.0.1:8000")
    assert "http://127.0.0.1:8000/partnerzy/logowanie/" in output
    assert set(printed_keys(output)) == {p.email for p in partners_seed.PARTNERS}
    assert "CAS_PARTNERS_PUBLIC=true make run" in output
    with override_settings(CAS_PARTNERS_PUBLIC=True):
        assert "CAS_PARTNERS_PUBLIC" not in printed_logins()


def test_without_the_seed_nothing_is_printed_as_a_login():
    output = printed_logins()
    assert "brak kont demonstracyjnych" in output and "klucz TOTP" not in output
