"""Members of an organisation: a manager changes roles and removes people, anyone may leave, and an
organisation always keeps a manager; a removed member's access (and their tokens) end at once."""

import pytest

from tests.factories import make_partner, partner_login, partner_token
from volunteers.partners import services
from volunteers.partners.models import Membership

pytestmark = pytest.mark.django_db


def members_url(membership):
    return f"/partnerzy/{membership.organisation_id}/czlonkowie/"


def role_url(organisation_id, membership):
    return f"/partnerzy/{organisation_id}/czlonkowie/{membership.pk}/rola/"


def remove_url(organisation_id, membership):
    return f"/partnerzy/{organisation_id}/czlonkowie/{membership.pk}/usun/"


def test_members_page_lists_the_organisation_with_accessible_controls(home_page, client, manager):
    make_partner(manager.organisation, role="member", email="czlonek@example.org")
    partner_login(client, manager)
    page = client.get(members_url(manager))
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "czlonek@example.org" in html and "menedzerka@example.org" in html
    assert "<legend" in html and "Usuń czlonek@example.org" in html


def test_manager_changes_a_role_and_removes_a_member(home_page, client, manager):
    member = make_partner(manager.organisation, role="member")
    token = partner_token(member)
    partner_login(client, manager)
    org = manager.organisation_id
    response = client.post(role_url(org, member), {f"m{member.pk}-role": "manager"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "manager"

    response = client.post(remove_url(org, member))
    assert response.status_code == 302 and response["Location"] == members_url(manager)
    member.refresh_from_db()
    assert member.removed_at is not None and member.removed_by == manager.user
    # Their access ends: the API token and the dashboard.
    assert client.get("/api/v3/partner/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    other = client.__class__()
    response = other.post(
        "/partnerzy/logowanie/", {"username": member.user.email, "password": "Haslo-Partnera-2026!"}
    )
    assert response.status_code == 200  # no organisation left: no way in


def test_the_last_manager_can_neither_leave_nor_be_demoted(home_page, client, manager):
    member = make_partner(manager.organisation, role="member")
    partner_login(client, manager)
    org = manager.organisation_id
    response = client.post(role_url(org, manager), {f"m{manager.pk}-role": "member"}, follow=True)
    assert "Organizacja musi mieć co najmniej jednego menedżera" in response.content.decode()
    response = client.post(remove_url(org, manager), follow=True)
    assert "Organizacja musi mieć co najmniej jednego menedżera" in response.content.decode()
    manager.refresh_from_db()
    assert manager.role == "manager" and manager.removed_at is None

    services.change_role(member, "manager")
    response = client.post(remove_url(org, manager))  # now another manager exists: leaving is fine
    assert response.status_code == 302 and response["Location"] == "/partnerzy/"
    assert Membership.objects.managers().filter(organisation_id=org).count() == 1


def test_a_member_may_leave_but_not_remove_or_promote_others(home_page, client, manager):
    member = make_partner(manager.organisation, role="member")
    partner_login(client, member)
    org = manager.organisation_id
    assert client.post(remove_url(org, manager)).status_code == 403
    assert client.post(role_url(org, member), {f"m{member.pk}-role": "manager"}).status_code == 403
    manager.refresh_from_db()
    member.refresh_from_db()
    assert manager.removed_at is None and member.role == "member"
    assert client.post(remove_url(org, member)).status_code == 302
    member.refresh_from_db()
    assert member.removed_at is not None


def test_ids_of_another_organisations_members_are_not_found(home_page, client, manager):
    stranger = make_partner(role="member")
    partner_login(client, manager)
    org = manager.organisation_id
    assert client.post(remove_url(org, stranger)).status_code == 404
    assert client.post(role_url(org, stranger), {f"m{stranger.pk}-role": "manager"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.removed_at is None and stranger.role == "member"


def test_removing_twice_or_removing_a_removed_member_changes_nothing(manager):
    member = make_partner(manager.organisation, role="member")
    first = services.remove_member(member)
    again = services.remove_member(member)
    assert first.removed_at == again.removed_at


def test_membership_changes_keep_the_public_response_cache(manager):
    """Accounts never show on a public page, so their rows do not empty the shared cache."""
    from cas_site import response_cache

    member = make_partner(manager.organisation, role="member")
    before = response_cache.generation()
    services.change_role(member, "manager")
    services.remove_member(member)
    partner_token(manager)
    assert response_cache.generation() == before
