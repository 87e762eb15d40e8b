"""Koordynacja's admin of the portal: the members list, ending someone's access (even the last
manager's), switching off a lost second factor, and the invitations register."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_partner, partner_login, partner_token
from volunteers.partners.models import Membership, PersonalAccessToken

pytestmark = pytest.mark.django_db


def test_coordinators_see_members_and_invitations(home_page, client, coordinator_user, manager):
    client.force_login(coordinator_user)
    page = client.get("/admin/partners/membership/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "menedzerka@example.org" in html and "Zaproś do organizacji" in html and "Odbierz dostęp" in html
    assert client.get("/admin/partners/invitation/").status_code == 200
    assert client.get(f"/admin/partners/membership/inspect/{manager.pk}/").status_code == 200


def test_a_coordinator_may_end_even_the_last_manager_s_access(home_page, client, coordinator_user, manager):
    raw = partner_token(manager)
    client.force_login(coordinator_user)
    url = f"/admin/partners/membership/remove/{manager.pk}/"
    assert client.get(url).status_code == 200  # a confirmation; only the POST acts
    assert Membership.objects.get(pk=manager.pk).removed_at is None
    response = client.post(url)
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.removed_at is not None and manager.removed_by == coordinator_user
    assert PersonalAccessToken.objects.get().revoked_at is not None
    assert client.get("/api/v3/partner/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_switching_off_a_lost_second_factor_asks_for_a_new_enrolment(
    home_page, client, coordinator_user, manager
):
    partner = client.__class__()
    partner_login(partner, manager)
    dashboard = f"/partnerzy/{manager.organisation_id}/"
    assert partner.get(dashboard).status_code == 200
    client.force_login(coordinator_user)
    assert client.post(f"/admin/partners/membership/reset_otp/{manager.pk}/").status_code == 302
    assert not TOTPDevice.objects.filter(user=manager.user).exists()
    # The session verified with the old device is no longer verified.
    response = partner.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith("/partnerzy/drugi-skladnik/konfiguracja/")


def test_the_invite_form_refuses_a_current_member_with_a_message(
    home_page, client, coordinator_user, manager
):
    client.force_login(coordinator_user)
    response = client.post(
        "/admin/partners/membership/create/",
        {"organisation": manager.organisation_id, "email": manager.user.email, "role": "manager"},
    )
    assert (
        response.status_code == 422 and "Ta osoba już należy do tej organizacji." in response.content.decode()
    )


def test_invitations_wait_while_the_portal_is_off(
    home_page, client, coordinator_user, organisation, settings
):
    settings.CAS_PARTNERS_PUBLIC = False
    client.force_login(coordinator_user)
    response = client.post(
        "/admin/partners/membership/create/",
        {"organisation": organisation.pk, "email": "nowa@example.org", "role": "manager"},
    )
    assert (
        response.status_code == 422
        and "Portal partnerów nie jest jeszcze dostępny." in response.content.decode()
    )


def test_removed_members_are_listed_as_ended(home_page, client, coordinator_user, organisation):
    member = make_partner(organisation, role="member", email="byla@example.org")
    make_partner(organisation, role="manager")
    from volunteers.partners import services

    services.remove_member(member)
    client.force_login(coordinator_user)
    page = client.get("/admin/partners/membership/?dostep=zakonczony").content.decode()
    assert "byla@example.org" in page
    assert "byla@example.org" not in client.get("/admin/partners/membership/?dostep=aktywny").content.decode()
