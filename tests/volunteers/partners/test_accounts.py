"""Partner accounts: login by e-mail and password with a lockout, the second factor (TOTP) before
any organisation page, password reset through the outbox, and no way into the admin."""

import base64
import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PARTNER_PASSWORD, make_partner, partner_login, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/partnerzy/logowanie/"
VERIFY = "/partnerzy/drugi-skladnik/"
ENROL = "/partnerzy/drugi-skladnik/konfiguracja/"


def login(client, email, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def dashboard(membership):
    return f"/partnerzy/{membership.organisation_id}/"


def test_login_page_is_an_accessible_form_never_cached(home_page, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">E-mail' in html and '<label for="id_password">Hasło' in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_password_then_code_opens_the_dashboard(home_page, client, manager):
    response = login(client, "MenedzerKA@example.org ", PARTNER_PASSWORD)  # any spelling of the address
    assert response.status_code == 302 and response["Location"] == "/partnerzy/"
    # The password alone shows no organisation data: the second factor comes first.
    response = client.get(dashboard(manager))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next=")
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()

    device = TOTPDevice.objects.get(user=manager.user)
    response = client.post(f"{VERIFY}?next={dashboard(manager)}", {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == dashboard(manager)
    page = client.get(dashboard(manager))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fundacja Zielony Sosnowiec" in html and "menedżer" in html
    assert "no-store" in page["Cache-Control"]


def test_a_wrong_or_reused_code_is_refused_with_a_polish_message(home_page, client, manager):
    login(client, manager.user.email, PARTNER_PASSWORD)
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 422
    assert "Ten kod jest nieprawidłowy albo już wygasł" in response.content.decode()
    assert client.get(dashboard(manager)).status_code == 302

    device = TOTPDevice.objects.get(user=manager.user)
    device.throttling_failure_count = 0  # django-otp slows down guessing; this test is not about that
    device.save()
    code = totp_code(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = client.__class__()
    login(other, manager.user.email, PARTNER_PASSWORD)
    assert other.post(VERIFY, {"code": code}).status_code == 422  # a code works once


def test_a_new_account_enrols_a_real_totp_device_with_qr_and_key(home_page, client, organisation):
    membership = make_partner(organisation, role="member", totp=False)
    login(client, membership.user.email, PARTNER_PASSWORD)
    response = client.get(dashboard(membership))
    assert response["Location"].startswith(ENROL + "?next=")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR code, no third-party request
    key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=membership.user, confirmed=False)
    assert base64.b32decode(key.replace(" ", "")) == device.bin_key
    assert client.get(response["Location"]).content.decode().count(key) == 1  # same secret on reload

    assert client.post(ENROL, {"code": "123"}).status_code == 422  # not six digits
    response = client.post(f"{ENROL}?next={dashboard(membership)}", {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == dashboard(membership)
    assert TOTPDevice.objects.get(user=membership.user).confirmed
    assert client.get(dashboard(membership)).status_code == 200
    # An enrolled person cannot enrol a second device without the first one.
    fresh = client.__class__()
    login(fresh, membership.user.email, PARTNER_PASSWORD)
    assert fresh.get(ENROL)["Location"] == "/partnerzy/drugi-skladnik/"


def test_five_failed_logins_lock_the_account_from_that_address(home_page, client, manager):
    for _ in range(5):
        response = login(client, manager.user.email, "zle-haslo")
        assert response.status_code in (200, 429)
    assert "Nieprawidłowy e-mail lub hasło." in login(client, "ktos@example.org", "x").content.decode()
    response = login(client, manager.user.email, PARTNER_PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Logowanie zablokowane" in html and 'href="/partnerzy/logowanie/"' in html
    assert "_auth_user_id" not in client.session
    # Another spelling of the same address is the same account: still locked.
    assert login(client, manager.user.email.upper(), PARTNER_PASSWORD).status_code == 429
    # The real person from another address still gets in.
    assert login(client.__class__(), manager.user.email, PARTNER_PASSWORD, "198.51.100.20").status_code == 302


def test_staff_accounts_and_former_members_cannot_log_in_to_the_portal(
    home_page, client, coordinator_user, manager
):
    response = login(client, "koordynatorka", "haslo-testowe-123")
    assert response.status_code == 200 and "Nieprawidłowy e-mail lub hasło." in response.content.decode()
    manager.removed_at = manager.joined_at
    manager.save()
    response = login(client, manager.user.email, PARTNER_PASSWORD)
    assert response.status_code == 200 and "Nieprawidłowy e-mail lub hasło." in response.content.decode()


def test_a_partner_never_reaches_the_admin(home_page, client, manager):
    partner_login(client, manager)
    for path in ("/admin/", "/admin/pages/", "/admin/snippets/volunteers/organisation/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
    # Nor by logging in there with the portal's password.
    admin = client.__class__()
    admin.post("/admin/login/", {"username": manager.user.email, "password": PARTNER_PASSWORD})
    response = admin.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_anonymous_visitors_go_to_the_login_page(home_page, client, manager):
    for path in ("/partnerzy/", dashboard(manager), dashboard(manager) + "czlonkowie/", ENROL, VERIFY):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(LOGIN + "?next="), path


def test_logout_ends_the_session(home_page, client, manager):
    partner_login(client, manager)
    response = client.post("/partnerzy/wyloguj/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get(dashboard(manager))["Location"].startswith(LOGIN)


# --- Password reset ------------------------------------------------------------------------------


def reset_link(message):
    match = re.search(r"http://testserver(/partnerzy/haslo/nowe/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_through_the_outbox_then_login_with_the_code(home_page, client, manager, commit):
    response = commit(client.post, "/partnerzy/haslo/", {"email": "Menedzerka@example.org", "website": ""})
    assert response.status_code == 302 and response["Location"] == "/partnerzy/haslo/wyslano/"
    assert "Sprawdź skrzynkę" in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == [manager.user.email] and "Nowe hasło do portalu partnerów CAS" in message.subject
    from home.models import OutgoingEmail

    stored = OutgoingEmail.objects.get(kind="partners.password_reset")
    assert stored.sent_at and stored.context == {}  # no link is ever stored

    link = reset_link(message)
    response = client.get(link)  # Django moves the token out of the address
    assert response.status_code == 302 and response["Location"].endswith("/set-password/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    response = client.post(
        response["Location"],
        {"new_password1": "Nowe-Haslo-Fundacji-9", "new_password2": "Nowe-Haslo-Fundacji-9"},
    )
    assert response.status_code == 302 and response["Location"] == "/partnerzy/haslo/gotowe/"
    assert client.get(link).context["validlink"] is False  # the link works once
    assert "_auth_user_id" not in client.session  # not signed in by the reset: password and code
    assert login(client, manager.user.email, "Nowe-Haslo-Fundacji-9").status_code == 302
    assert client.get(dashboard(manager))["Location"].startswith(VERIFY)


def test_password_reset_answers_alike_for_any_address(home_page, client, manager, commit, coordinator_user):
    answers = []
    for email in (manager.user.email, "nikt@example.org", coordinator_user.email):
        response = commit(client.post, "/partnerzy/haslo/", {"email": email, "website": ""})
        answers.append((response.status_code, response["Location"]))
    assert len(set(answers)) == 1
    assert [m.to for m in mail.outbox] == [[manager.user.email]]  # staff reset theirs in the admin


def test_password_reset_honeypot_sends_nothing(home_page, client, manager, commit):
    response = commit(client.post, "/partnerzy/haslo/", {"email": manager.user.email, "website": "x"})
    assert response.status_code == 302 and not mail.outbox


def test_password_reset_does_the_same_work_for_a_known_and_an_unknown_address(home_page, client, manager):
    """No enumeration by time: one outbox row and one job either way; the job decides."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for email in (manager.user.email, "nikt@example.org"):
        with CaptureQueriesContext(connection) as queries:
            client.post("/partnerzy/haslo/", {"email": email, "website": ""})
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Logowanie do portalu partnerów"),
        ("/en", "Sign in to the partner portal"),
        ("/uk", "Вхід до порталу партнерів"),
    ],
)
def test_the_portal_speaks_polish_english_and_ukrainian(home_page, client, prefix, heading):
    response = client.get(f"{prefix}{LOGIN}")
    assert response.status_code == 200 and heading in response.content.decode()
