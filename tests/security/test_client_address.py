"""The client's address comes from the trusted proxies, never from what the client writes.

Rate limits and the admin lockout count per address; a client that could pick its own
address (a made-up ``X-Forwarded-For``) would get unlimited password guesses and writes
and could lock someone else out on purpose. ``CAS_TRUSTED_PROXIES`` says how many
reverse proxies append to the header; everything left of theirs is the client's word.
"""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from cas_site.errors import RateLimited
from cas_site.ratelimit import axes_client_ip, check_rate_limit, client_address
from tests.security.test_rate_limits import api_writes, site_writes

pytestmark = pytest.mark.django_db

LIMIT = 3
ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.20"


def spoofed(number):
    return f"192.0.2.{number}"


@pytest.fixture
def limited(settings):
    settings.CAS_RATE_LIMIT = f"{LIMIT}/h"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


# --- The address itself -------------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.CAS_TRUSTED_PROXIES = 0
    assert client_address(request_from(ATTACKER, f"{VICTIM}, {spoofed(1)}")) == ATTACKER


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.CAS_TRUSTED_PROXIES = 1
    # nginx with $proxy_add_x_forwarded_for: whatever the client sent, then the address nginx saw.
    assert client_address(request_from(PROXY, f"{VICTIM}, {ATTACKER}")) == ATTACKER
    assert client_address(request_from(PROXY, ATTACKER)) == ATTACKER  # or nginx's $remote_addr


def test_behind_two_proxies_the_outer_proxys_entry_counts(settings):
    settings.CAS_TRUSTED_PROXIES = 2
    assert client_address(request_from(PROXY, f"{VICTIM}, {ATTACKER}, 10.0.0.1")) == ATTACKER


def test_a_header_shorter_than_the_proxy_chain_or_garbage_is_not_trusted(settings):
    settings.CAS_TRUSTED_PROXIES = 2
    assert client_address(request_from(PROXY, VICTIM)) == PROXY  # bypassed a proxy: trust none of it
    settings.CAS_TRUSTED_PROXIES = 1
    assert client_address(request_from(PROXY, "unknown")) == PROXY
    assert client_address(request_from(PROXY, "")) == PROXY
    assert axes_client_ip(request_from(PROXY, f"{VICTIM}, ::1")) == "::1"


def test_trusted_proxies_come_from_the_environment():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.CAS_TRUSTED_PROXIES)"
    env = {"DJANGO_SETTINGS_MODULE": "cas_site.settings.test", "PATH": "/usr/bin:/bin"}
    for value, expected in (("", "0"), ("1", "1")):
        environment = {**env, **({"CAS_TRUSTED_PROXIES": value} if value else {})}
        done = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert done.stdout.strip().splitlines()[-1] == expected


# --- Rate limits --------------------------------------------------------------------------------


@pytest.mark.parametrize("proxies", [0, 1])
def test_rotating_the_header_does_not_reset_the_allowance(settings, limited, proxies):
    settings.CAS_TRUSTED_PROXIES = proxies
    remote, real = (ATTACKER, ATTACKER) if proxies == 0 else (PROXY, ATTACKER)
    trailer = "" if proxies == 0 else f", {real}"
    for number in range(LIMIT):
        check_rate_limit(request_from(remote, f"{spoofed(number)}{trailer}"), "volunteer-register")
    with pytest.raises(RateLimited):
        check_rate_limit(request_from(remote, f"{spoofed(99)}{trailer}"), "volunteer-register")


def test_two_clients_behind_the_proxy_keep_their_own_allowances(settings, limited):
    settings.CAS_TRUSTED_PROXIES = 1
    for _ in range(LIMIT):
        check_rate_limit(request_from(PROXY, ATTACKER), "bookings")
    with pytest.raises(RateLimited):
        check_rate_limit(request_from(PROXY, ATTACKER), "bookings")
    check_rate_limit(request_from(PROXY, VICTIM), "bookings")  # the proxy's address is not shared


def assert_header_rotation_is_refused(client, send):
    statuses = []
    for number in range(LIMIT + 1):
        client.defaults["HTTP_X_FORWARDED_FOR"] = spoofed(number)
        statuses.append(send().status_code)
    assert [status == 429 for status in statuses] == [False] * LIMIT + [True], statuses


@pytest.mark.parametrize("name", sorted(api_writes()))
def test_no_api_write_escapes_its_limit_with_a_made_up_header(name, client, request, limited):
    """Guard: every public API write (the list that test_rate_limits keeps complete)."""
    assert_header_rotation_is_refused(client, api_writes()[name](client, request))


@pytest.mark.parametrize("name", sorted(site_writes()))
def test_no_website_form_escapes_its_limit_with_a_made_up_header(name, client, request, limited):
    assert_header_rotation_is_refused(client, site_writes()[name](client, request))


# --- Admin lockout (django-axes) ----------------------------------------------------------------


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("szefowa", "szefowa@example.org", "prawdziwe-haslo-42")


def login(client, password, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {"username": "szefowa", "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, **extra)


@pytest.mark.parametrize("proxies", [0, 1])
def test_rotating_the_header_does_not_give_more_password_guesses(client, admin_user, settings, proxies):
    settings.CAS_TRUSTED_PROXIES = proxies
    remote = ATTACKER if proxies == 0 else PROXY
    trailer = "" if proxies == 0 else f", {ATTACKER}"
    for number in range(5):
        login(client, "zle-haslo", remote, f"{spoofed(number)}{trailer}")
    response = login(client, "prawdziwe-haslo-42", remote, f"{spoofed(50)}{trailer}")
    assert response.status_code == 429
    assert "Logowanie zablokowane" in response.content.decode()


@pytest.mark.parametrize("proxies", [0, 1])
def test_nobody_can_lock_out_the_victims_address_by_naming_it(client, admin_user, settings, proxies):
    settings.CAS_TRUSTED_PROXIES = proxies
    attacker_remote = ATTACKER if proxies == 0 else PROXY
    attacker_header = VICTIM if proxies == 0 else f"{VICTIM}, {ATTACKER}"
    for _ in range(6):
        login(client, "zle-haslo", attacker_remote, attacker_header)
    victim_remote = VICTIM if proxies == 0 else PROXY
    victim_header = None if proxies == 0 else VICTIM
    response = login(client, "prawdziwe-haslo-42", victim_remote, victim_header)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


# --- Guard: nothing else reads the client's address ---------------------------------------------

ADDRESS_READS = re.compile(r"X_FORWARDED_FOR|X-Forwarded-For|REMOTE_ADDR|X_REAL_IP|X-Real-IP", re.IGNORECASE)
SOURCE_DIRS = ("cas_site", "home", "campaigns", "initiatives", "volunteers")


def test_only_client_address_reads_the_address_headers():
    """A new rate limit, audit entry or lockout must call ``client_address``, not read headers."""
    readers = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts or path.name.startswith("."):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if ADDRESS_READS.search(line) and not line.lstrip().startswith("#"):
                    readers.append(f"{path.relative_to(ROOT)}:{number}")
    allowed = {"cas_site/ratelimit.py", "cas_site/settings/base.py"}
    assert {reader.rsplit(":", 1)[0] for reader in readers} <= allowed, readers
    assert any(reader.startswith("cas_site/ratelimit.py") for reader in readers)


def test_axes_uses_the_same_address():
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "cas_site.ratelimit.axes_client_ip"
