"""Isolation basics: a member of organisation A sees nothing of organisation B (404, never 403,
so an id does not reveal that B takes part), anonymous visitors are sent to the login page, and
the whole portal is 404 while ``CAS_PARTNERS_PUBLIC`` is off.

Every portal URL with an organisation comes from the resolver, so a page added later is in the
walk without anyone editing this file.
"""

import re

import pytest
from django.urls import get_resolver

from tests.factories import (
    make_opportunity,
    make_organisation,
    make_partner,
    make_volunteer,
    make_youth_project,
    partner_login,
)
from volunteers.partners import services as partner_services
from volunteers.people import services as people
from volunteers.people.models import ApplicantDataAccess

pytestmark = pytest.mark.django_db


def portal_routes():
    """(name, route) of every URL in the ``partners`` namespace."""
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(inner, "namespace", None) == "partners":
                for route in inner.url_patterns:
                    yield route.name, str(route.pattern)


def organisation_urls(organisation_id, other_ids=1, objects=None):
    """Every organisation page with ``organisation_id``; object ids come from ``objects`` (the
    real records of that organisation, by URL argument) or are ``other_ids``."""
    objects = objects or {}
    urls = []
    for name, route in portal_routes():
        if "<int:organisation_id>" not in route:
            continue
        path = "/" + route.replace("<int:organisation_id>", str(organisation_id))
        for kwarg in re.findall(r"<int:(\w+)>", path):
            path = path.replace(f"<int:{kwarg}>", str(objects.get(kwarg, other_ids)))
        assert "<" not in path, path
        urls.append((name, path))
    return urls


def records_of(membership):
    """One real record of ``membership``'s organisation for every object id a portal URL takes."""
    organisation = membership.organisation
    offer = make_opportunity(organisation, "Oferta B")
    application = people.apply_to_opportunity(make_volunteer(first_name="Zofia"), offer.pk)
    project = make_youth_project(organisation, membership.user, title="Projekt B")
    token, _raw = partner_services.create_token(membership, name="Token B", role="manager", days=30)
    return {
        "membership_id": membership.pk,
        "invitation_id": partner_services.invite(
            organisation, "nowa@example.org", "member", by=membership.user
        ).pk,
        "token_id": token.pk,
        "application_id": application.pk,
        "project_id": project.pk,
        "opportunity_id": offer.pk,
    }


@pytest.fixture
def two_organisations(home_page):
    first, second = make_organisation(name="Fundacja A"), make_organisation(name="Fundacja B")
    return make_partner(first, role="manager"), make_partner(second, role="manager")


def test_the_walk_sees_every_organisation_page(two_organisations):
    names = {name for name, _path in organisation_urls(1)}
    assert {
        "dashboard",
        "members",
        "invite",
        "change_role",
        "remove_member",
        "tokens",
        "revoke_token",
        "applications",
        "application",
        "projects",
        "propose_project",
        "project",
        "profile",
        "opportunities",
        "opportunity_create",
        "opportunity_edit",
        "opportunity_close",
        "opportunity_duplicate",
        "changes",
        "contact_email",
    } <= names


def test_a_member_of_b_gets_404_for_a_s_objects_on_b_s_own_pages(client, two_organisations):
    """B's own pages with A's real object ids in the path: 404, and A's records stay as they were."""
    from wagtail.models import WorkflowState

    from tests.factories import make_opportunity, partner_token
    from volunteers.models import Opportunity
    from volunteers.partners import services as partner_services
    from volunteers.partners.models import Invitation, PersonalAccessToken

    a, b = two_organisations
    offer = make_opportunity(a.organisation, "Oferta Fundacji A")
    invitation = partner_services.invite(a.organisation, "zaproszona@a.example.org", by=a.user)
    partner_token(a)
    ids = {
        "membership_id": a.pk,
        "invitation_id": invitation.pk,
        "token_id": PersonalAccessToken.objects.get(membership=a).pk,
        "opportunity_id": offer.pk,
    }
    partner_login(client, b)
    walked = 0
    for name, path in organisation_urls(b.organisation_id, objects=ids):
        if not any(
            f"/{value}/" in path.removeprefix(f"/partnerzy/{b.organisation_id}/") for value in ids.values()
        ):
            continue
        walked += 1
        for method in ("get", "post"):
            response = getattr(client, method)(
                path, {"title": "Przejęta", "description": "x", "role": "member"}
            )
            assert response.status_code in (404, 405), (name, method, response.status_code)
            assert "Oferta Fundacji A" not in response.content.decode(), name
    assert walked >= 7
    offer.refresh_from_db()
    assert offer.live and offer.title == "Oferta Fundacji A"
    assert Opportunity.objects.count() == 1 and not WorkflowState.objects.exists()
    a.refresh_from_db()
    assert a.removed_at is None and a.role == "manager"
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None
    assert PersonalAccessToken.objects.get(pk=ids["token_id"]).revoked_at is None


def test_a_member_of_a_gets_404_on_every_page_of_b(client, two_organisations):
    a, b = two_organisations
    records = records_of(b)
    partner_login(client, a)
    assert client.get(f"/partnerzy/{a.organisation_id}/").status_code == 200
    for name, path in organisation_urls(b.organisation_id, objects=records):
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in (404, 405), (name, method, response.status_code)
            assert "Fundacja B" not in response.content.decode(), name
    b.refresh_from_db()
    assert b.removed_at is None and b.role == "manager"
    assert not ApplicantDataAccess.objects.exists()


def test_b_s_records_under_a_s_own_address_answer_404(client, two_organisations):
    """Organisation B's real object ids inside organisation A's pages: A's member is let into
    the organisation, but no record of B's is found there (GET and POST, nothing changes)."""
    a, b = two_organisations
    records = records_of(b)
    partner_login(client, a)
    with_objects = {name for name, route in portal_routes() if len(re.findall(r"<int:\w+>", route)) > 1}
    walked = 0
    for name, path in organisation_urls(a.organisation_id, objects=records):
        if name not in with_objects:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(
                path, {"status": "odrzucone", "comment": "Hej", "role": "member"}
            )
            assert response.status_code in (404, 405), (name, method, response.status_code)
            body = response.content.decode()
            assert "Zofia" not in body and "Projekt B" not in body, name
        walked += 1
    assert walked >= 6
    assert not ApplicantDataAccess.objects.exists()
    assert people.applications_for_organisation(b.organisation).get().status == "nowe"


def test_an_organisation_that_does_not_exist_looks_the_same(client, two_organisations):
    a, b = two_organisations
    partner_login(client, a)
    missing = client.get("/partnerzy/999999/")
    foreign = client.get(f"/partnerzy/{b.organisation_id}/")
    assert missing.status_code == foreign.status_code == 404
    # The same page, but for the address itself (the page's own URL in its meta tags).
    foreign_path = f"/partnerzy/{b.organisation_id}/".encode()
    assert missing.content.replace(b"/partnerzy/999999/", b"#") == foreign.content.replace(foreign_path, b"#")


def test_anonymous_visitors_are_sent_to_the_login_page(client, two_organisations):
    a, _b = two_organisations
    for name, path in organisation_urls(a.organisation_id, other_ids=a.pk):
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/partnerzy/logowanie/?next="), name


def test_staff_signed_in_to_the_admin_are_no_partners(client, two_organisations, coordinator_user):
    a, _b = two_organisations
    client.force_login(coordinator_user)
    response = client.get(f"/partnerzy/{a.organisation_id}/")
    assert response.status_code == 302 and response["Location"].startswith("/partnerzy/logowanie/")


def test_every_portal_route_is_404_while_the_portal_is_off(client, two_organisations, settings):
    a, _b = two_organisations
    partner_login(client, a)
    settings.CAS_PARTNERS_PUBLIC = False
    paths = [
        "/"
        + route.replace("<int:organisation_id>", str(a.organisation_id))
        .replace("<int:membership_id>", str(a.pk))
        .replace("<int:invitation_id>", "1")
        .replace("<int:token_id>", "1")
        .replace("<int:application_id>", "1")
        .replace("<int:project_id>", "1")
        .replace("<int:opportunity_id>", "1")
        .replace("<uidb64>", "MQ")
        .replace("<token>", "set-password")
        for _name, route in portal_routes()
    ]
    assert len(paths) >= 20
    for path in paths:
        for method in ("get", "post"):
            assert getattr(client, method)(path).status_code == 404, (method, path)
        assert client.get("/en" + path).status_code == 404, path


def every_portal_url(organisation_id, objects):
    """Every portal URL (with and without an organisation), ids from ``objects``."""
    for name, route in portal_routes():
        path = "/" + route.replace("<int:organisation_id>", str(organisation_id))
        path = path.replace("<uidb64>", "MQ").replace("<token>", "set-password")
        for kwarg in re.findall(r"<int:(\w+)>", path):
            path = path.replace(f"<int:{kwarg}>", str(objects[kwarg]))
        assert "<" not in path, path
        yield name, path


def test_no_portal_answer_is_ever_stored(client, two_organisations):
    """``Cache-Control: no-store`` on every portal URL, GET and POST, whatever the answer: the
    page itself as its member, another organisation's 404, the login redirect of an anonymous
    visitor and the refusal of a form."""
    a, b = two_organisations
    own, foreign = records_of(a), records_of(b)
    answers = 0
    for who in ("anonymous", "member", "member of another organisation"):
        if who != "anonymous":
            partner_login(client, a)
        objects = foreign if who == "member of another organisation" else own
        organisation_id = (b if who == "member of another organisation" else a).organisation_id
        for name, path in every_portal_url(organisation_id, objects):
            if name == "logout":
                continue  # would end the session the walk goes on with (checked below)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                assert "no-store" in response.get("Cache-Control", ""), (
                    who,
                    name,
                    method,
                    response.status_code,
                )
                answers += 1
    assert answers >= 3 * 2 * 30
    assert "no-store" in client.post("/partnerzy/wyloguj/").get("Cache-Control", "")
