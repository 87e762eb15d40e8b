"""Invitations: Koordynacja invites a manager from the admin, a manager invites members from the
portal; the e-mailed link sets a password (new account) or links an existing partner account,
then the portal asks for the second factor."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.models import EmailLink
from tests.factories import (
    PARTNER_PASSWORD,
    link_token,
    make_organisation,
    make_partner,
    partner_login,
    totp_code,
)
from volunteers.partners import services
from volunteers.partners.models import Invitation, Membership

pytestmark = pytest.mark.django_db

ACCEPT = "/partnerzy/zaproszenie/"
NEW_ACCOUNT = {
    "first_name": "Jan",
    "last_name": "Nowak",
    "password1": "Mocne-Haslo-Fundacji-7",
    "password2": "Mocne-Haslo-Fundacji-7",
}


def invitation_token(address):
    [message] = [m for m in mail.outbox if m.to == [address]][-1:]
    return link_token(message, ACCEPT)


def test_coordinator_invites_a_manager_from_the_admin_and_the_person_joins(
    home_page, client, organisation, coordinator_user, commit
):
    client.force_login(coordinator_user)
    response = client.get(f"/admin/partners/membership/create/?organisation={organisation.pk}")
    assert response.status_code == 200
    assert "Zaproś do portalu partnerów" in response.content.decode()
    response = commit(
        client.post,
        "/admin/partners/membership/create/",
        {"organisation": organisation.pk, "email": "Prezeska@Example.org", "role": "manager"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "prezeska@example.org",
        "manager",
        coordinator_user,
    )
    [message] = mail.outbox
    assert "Fundacja Zielony Sosnowiec" in message.subject and "menedżer" in message.body
    token = invitation_token("prezeska@example.org")
    assert not EmailLink.objects.filter(token_hash=token).exists()  # only the hash is stored

    visitor = client.__class__()
    page = visitor.get(f"{ACCEPT}?token={token}")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    html = page.content.decode()
    assert "Fundacja Zielony Sosnowiec" in html and 'autocomplete="new-password"' in html
    assert not Membership.objects.exists()  # GET never acts

    weak = visitor.post(ACCEPT, {**NEW_ACCOUNT, "token": token, "password1": "123", "password2": "123"})
    assert weak.status_code == 422 and not get_user_model().objects.filter(username="prezeska@example.org")

    response = visitor.post(ACCEPT, {**NEW_ACCOUNT, "token": token})
    assert response.status_code == 302 and response["Location"] == "/partnerzy/"
    user = get_user_model().objects.get(username="prezeska@example.org")
    assert (user.email, user.first_name, user.is_staff) == ("prezeska@example.org", "Jan", False)
    assert user.check_password(NEW_ACCOUNT["password1"]) and not user.groups.exists()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (organisation, "manager")

    # Signed in, but the organisation's pages wait for the second factor.
    response = visitor.get("/partnerzy/")
    assert response["Location"].startswith("/partnerzy/drugi-skladnik/konfiguracja/")
    visitor.get(response["Location"])
    device = TOTPDevice.objects.get(user=user)
    response = visitor.post(response["Location"], {"code": totp_code(device)})
    assert response.status_code == 302
    response = visitor.get("/partnerzy/")
    assert response["Location"] == f"/partnerzy/{organisation.pk}/"
    assert visitor.get(response["Location"]).status_code == 200

    # The link worked once.
    again = client.__class__().get(f"{ACCEPT}?token={token}")
    assert again.status_code == 410 and "To zaproszenie wygasło" in again.content.decode()


def test_an_existing_partner_joins_another_organisation_with_their_password(
    home_page, client, manager, commit
):
    other = make_organisation(name="Stowarzyszenie Pogoń")
    commit(services.invite, other, manager.user.email.upper(), "member")
    token = invitation_token(manager.user.email)
    page = client.get(f"{ACCEPT}?token={token}")
    assert 'autocomplete="current-password"' in page.content.decode()

    wrong = client.post(ACCEPT, {"token": token, "password": "zle-haslo"})
    assert wrong.status_code == 422 and "Nieprawidłowe hasło." in wrong.content.decode()
    response = client.post(ACCEPT, {"token": token, "password": PARTNER_PASSWORD})
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=manager.user).values_list("organisation__name", flat=True)) == {
        "Fundacja Zielony Sosnowiec",
        "Stowarzyszenie Pogoń",
    }
    assert get_user_model().objects.filter(username=manager.user.username).count() == 1
    # Two organisations: the portal asks which one (after the code).
    response = client.get("/partnerzy/")
    device = TOTPDevice.objects.get(user=manager.user)
    client.post(response["Location"], {"code": totp_code(device)})
    page = client.get("/partnerzy/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wybierz organizację" in html and "Stowarzyszenie Pogoń" in html


def test_a_staff_address_cannot_accept(home_page, client, organisation, coordinator_user, commit):
    commit(services.invite, organisation, coordinator_user.username, "manager")
    token = invitation_token(coordinator_user.username)
    page = client.get(f"{ACCEPT}?token={token}")
    assert "konta pracowników nie mogą należeć do portalu partnerów" in page.content.decode()
    client.post(ACCEPT, {"token": token, "password": "haslo-testowe-123"})
    assert not Membership.objects.exists()


def test_manager_invites_a_member_from_the_portal(home_page, client, manager, commit):
    partner_login(client, manager)
    members = f"/partnerzy/{manager.organisation_id}/czlonkowie/"
    page = client.get(members)
    assert page.status_code == 200 and "Zaproś osobę" in page.content.decode()
    response = commit(
        client.post, members + "zapros/", {"email": "wolontariuszka@example.org", "role": "member"}
    )
    assert response.status_code == 302 and response["Location"] == members
    invitation = Invitation.objects.get(email="wolontariuszka@example.org")
    assert (invitation.role, invitation.invited_by, invitation.organisation) == (
        "member",
        manager.user,
        manager.organisation,
    )
    assert "wolontariuszka@example.org" in client.get(members).content.decode()  # pending, listed

    bad = client.post(members + "zapros/", {"email": "nie-adres", "role": "member"})
    assert bad.status_code == 422 and "error-summary" in bad.content.decode()
    already = client.post(members + "zapros/", {"email": manager.user.email, "role": "member"})
    assert (
        already.status_code == 422 and "Ta osoba już należy do tej organizacji." in already.content.decode()
    )


def test_a_new_invitation_replaces_the_pending_one_and_revoking_ends_the_link(
    home_page, organisation, commit
):
    first = commit(services.invite, organisation, "ala@example.org", "member")
    first_token = invitation_token("ala@example.org")
    second = commit(services.invite, organisation, "ala@example.org", "manager")
    first.refresh_from_db()
    assert first.revoked_at is not None and second.is_pending()
    from django.test import Client

    assert Client().get(f"{ACCEPT}?token={first_token}").status_code == 410
    second_token = invitation_token("ala@example.org")
    services.revoke_invitation(second)
    assert Client().get(f"{ACCEPT}?token={second_token}").status_code == 410


def test_members_cannot_invite(home_page, client, organisation, commit):
    member = make_partner(organisation, role="member")
    partner_login(client, member)
    members = f"/partnerzy/{organisation.pk}/czlonkowie/"
    assert "Zaproś osobę" not in client.get(members).content.decode()
    response = client.post(members + "zapros/", {"email": "x@example.org", "role": "manager"})
    assert response.status_code == 403 and "tylko menedżer" in response.content.decode()
    assert not Invitation.objects.exists()


def test_made_up_or_missing_tokens_answer_410_without_crashing(home_page, client):
    for query in ("", "?token=x", "?token=" + "x" * 43, "?token=" + "x" * 500):
        assert client.get(ACCEPT + query).status_code == 410
    assert client.post(ACCEPT, {"token": "x" * 43, **NEW_ACCOUNT}).status_code == 410
