"""Isolation basics: a member of organisation A sees nothing of organisation B (404, never 403,
so an id does not reveal that B takes part), anonymous visitors are sent to the login page, and
the whole portal is 404 while ``CAS_PARTNERS_PUBLIC`` is off.

Every portal URL with an organisation comes from the resolver, so a page added later is in the
walk without anyone editing this file.
"""

import pytest
from django.urls import get_resolver

from tests.factories import make_organisation, make_partner, partner_login

pytestmark = pytest.mark.django_db


def portal_routes():
    """(name, route) of every URL in the ``partners`` namespace."""
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(inner, "namespace", None) == "partners":
                for route in inner.url_patterns:
                    yield route.name, str(route.pattern)


def organisation_urls(organisation_id, other_ids=1):
    urls = []
    for name, route in portal_routes():
        if "<int:organisation_id>" not in route:
            continue
        path = "/" + route.replace("<int:organisation_id>", str(organisation_id))
        for kwarg in ("<int:membership_id>", "<int:invitation_id>", "<int:token_id>"):
            path = path.replace(kwarg, str(other_ids))
        urls.append((name, path))
    return urls


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
    } <= names


def test_a_member_of_a_gets_404_on_every_page_of_b(client, two_organisations):
    a, b = two_organisations
    partner_login(client, a)
    assert client.get(f"/partnerzy/{a.organisation_id}/").status_code == 200
    for name, path in organisation_urls(b.organisation_id, other_ids=b.pk):
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in (404, 405), (name, method, response.status_code)
            assert "Fundacja B" not in response.content.decode(), name
    b.refresh_from_db()
    assert b.removed_at is None and b.role == "manager"


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
        .replace("<uidb64>", "MQ")
        .replace("<token>", "set-password")
        for _name, route in portal_routes()
    ]
    assert len(paths) >= 20
    for path in paths:
        for method in ("get", "post"):
            assert getattr(client, method)(path).status_code == 404, (method, path)
        assert client.get("/en" + path).status_code == 404, path
