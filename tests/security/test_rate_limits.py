"""Every public write is rate-limited per client address, and the count lives in Redis.

Runs against a real Redis (``CAS_TEST_REDIS_URL``, default db 5 on 127.0.0.1): two
app servers share one allowance, and concurrent requests are counted exactly.
Without Redis the tests are skipped, except in CI (``CI=true``), where they fail.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from cas_site.errors import RateLimited
from cas_site.ratelimit import check_rate_limit
from tests.campaigns.test_school_requests import VALID as SCHOOL_REQUEST
from tests.campaigns.test_school_requests import form_data as school_form
from tests.factories import (
    at,
    idea_payload,
    make_campaign,
    make_house_rules,
    make_opportunity,
    make_room,
    make_volunteer,
    next_weekday,
    registration,
    room_booking_payload,
    room_form,
    self_service_token,
)
from tests.initiatives.test_website import form_data as idea_form
from tests.volunteers.people.test_website import form_data as join_form

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("CAS_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
LIMIT = 3
POLISH_MESSAGE = "Zbyt wiele prób. Spróbuj ponownie za chwilę."
FAKE_TOKEN = "x" * 43
ROOT = Path(__file__).resolve().parents[2]


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


def redis_caches(prefix="cas"):
    """The production cache configuration (``REDIS_URL`` set) pointed at the test database."""
    backend = "django.core.cache.backends.redis.RedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": prefix},
        "ratelimit": {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": f"{prefix}-ratelimit"},
    }


@pytest.fixture
def redis_cache(settings):
    if not redis_answers():
        reason = f"no Redis answers at {REDIS_URL}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the rate-limit tests against Redis")
        pytest.skip(reason)
    settings.CACHES = redis_caches()
    settings.CAS_RATE_LIMIT = f"{LIMIT}/h"
    cache.clear()  # FLUSHDB: the counters' alias shares the test database
    assert type(caches["ratelimit"]._cache).__module__ == "django.core.cache.backends.redis"
    yield cache
    cache.clear()


# --- Every public write, through the API and the website ------------------------------------------


def _session(request):
    return request.getfixturevalue("make_session")(capacity=50)


def _campaign(request):
    return make_campaign(request.getfixturevalue("campaign_index"))


def _bearer(volunteer):
    return {"HTTP_AUTHORIZATION": f"Bearer {self_service_token(volunteer)}"}


def _site_session(client, volunteer):
    """Open the website's self-service with an e-mailed link."""
    client.post("/wolontariat/moje-dane/", {"action": "open", "token": self_service_token(volunteer)})


def _json(client, method, path, data, **extra):
    return getattr(client, method)(
        f"/api/v3/{path}", data=json.dumps(data), content_type="application/json", **extra
    )


def api_writes():
    """name → ``setup(client, request)`` returning ``send()`` for one write; each entry is one operation."""

    def post(path, data):
        return lambda client, request: lambda: _json(client, "post", path, data)

    def booking(client, request):
        session = _session(request)
        data = {"session": session.pk, "name": "Ola", "email": "ola@example.org", "birth_year": 1998}
        return lambda: _json(client, "post", "bookings/", {**data, "consents": {"terms": True}})

    def school_request(client, request):
        campaign = _campaign(request)
        return lambda: _json(client, "post", "school-requests/", {**SCHOOL_REQUEST, "campaign": campaign.pk})

    def patch_me(client, request):
        auth = _bearer(make_volunteer())
        return lambda: _json(client, "patch", "volunteers/me", {"about": "Lubię góry."}, **auth)

    def apply(client, request):
        auth, opportunity = _bearer(make_volunteer()), make_opportunity()
        data = {"opportunity": opportunity.pk, "message": "Chętnie pomogę."}
        return lambda: _json(client, "post", "volunteers/me/applications", data, **auth)

    def room_booking(client, request):
        day = next_weekday(1, after_days=8)
        data = room_booking_payload(make_room(), make_house_rules(), at(day, 17), at(day, 19))
        return lambda: _json(client, "post", "room-bookings/", data)

    return {
        "POST /api/v3/volunteers/": post("volunteers/", registration()),
        "POST /api/v3/volunteers/confirm": post("volunteers/confirm", {"token": FAKE_TOKEN}),
        "POST /api/v3/volunteers/guardian-confirm": post(
            "volunteers/guardian-confirm", {"token": FAKE_TOKEN}
        ),
        "POST /api/v3/volunteers/access-link": post("volunteers/access-link", {"email": "a@example.org"}),
        "PATCH /api/v3/volunteers/me": patch_me,
        "POST /api/v3/volunteers/me/applications": apply,
        "POST /api/v3/bookings/": booking,
        "POST /api/v3/bookings/cancel": post("bookings/cancel", {"token": FAKE_TOKEN}),
        "POST /api/v3/bookings/guardian-confirm": post("bookings/guardian-confirm", {"token": FAKE_TOKEN}),
        "POST /api/v3/bookings/confirm": post("bookings/confirm", {"token": FAKE_TOKEN}),
        "POST /api/v3/school-requests/": school_request,
        "POST /api/v3/ideas/": post("ideas/", idea_payload()),
        "POST /api/v3/ideas/guardian-confirm": post("ideas/guardian-confirm", {"token": FAKE_TOKEN}),
        "POST /api/v3/room-bookings/": room_booking,
        "POST /api/v3/room-bookings/confirm": post("room-bookings/confirm", {"token": FAKE_TOKEN}),
        "POST /api/v3/room-bookings/cancel": post("room-bookings/cancel", {"token": FAKE_TOKEN}),
    }


#: Writes deliberately left unlimited, with the reason.
API_EXEMPT = {
    # Erasure is a right the person must always be able to use; it can happen only once.
    "DELETE /api/v3/volunteers/me",
}


def site_writes():
    def post(path, data):
        return lambda client, request: lambda: client.post(path, data)

    def booking(client, request):
        session = _session(request)
        data = {"session": session.pk, "name": "Ola", "email": "ola@example.org", "birth_year": "1998"}
        return lambda: client.post(session.page.url, {**data, "terms": "on", "website": ""})

    def school_request(client, request):
        campaign = _campaign(request)
        return lambda: client.post(campaign.url, school_form())

    def edit(client, request):
        _site_session(client, make_volunteer())
        data = {key: value for key, value in join_form().items() if key not in {"email", "birth_year"}}
        return lambda: client.post("/wolontariat/moje-dane/popraw/", data)

    def apply(client, request):
        _site_session(client, make_volunteer())
        path = f"/wolontariat/moje-dane/aplikuj/{make_opportunity().pk}/"
        return lambda: client.post(path, {"message": "Chętnie pomogę.", "website": ""})

    def room_request(client, request):
        room = make_room()
        data = room_form(make_house_rules(), next_weekday(1, after_days=8))
        return lambda: client.post(f"/sale/{room.slug}/rezerwuj/", data)

    def partner_signed_in(client):
        from tests.factories import make_partner, partner_login

        manager = make_partner(role="manager")
        partner_login(client, manager)
        return manager

    def second_factor(client, request):
        from tests.factories import PARTNER_PASSWORD, make_partner

        manager = make_partner(role="manager")
        client.post("/partnerzy/logowanie/", {"username": manager.user.email, "password": PARTNER_PASSWORD})
        return lambda: client.post("/partnerzy/drugi-skladnik/", {"code": "000000"})

    def invite(client, request):
        manager = partner_signed_in(client)
        path = f"/partnerzy/{manager.organisation_id}/czlonkowie/zapros/"
        return lambda: client.post(path, {"email": "nowa.osoba@example.org", "role": "member"})

    partner_join = {
        "organisation_name": "Fundacja Testowa",
        "krs": "0000123456",
        "contact_name": "Anna Kowalska",
        "email": "anna@example.org",
        "website": "",
    }
    return {
        "partner portal login": post("/partnerzy/logowanie/", {"username": "a@example.org", "password": "x"}),
        "partner password reset": post("/partnerzy/haslo/", {"email": "a@example.org", "website": ""}),
        "partner join request": post("/partnerzy/dolacz/", partner_join),
        "partner invitation acceptance": post("/partnerzy/zaproszenie/", {"token": FAKE_TOKEN}),
        "partner second factor": second_factor,
        "partner invitation by a manager": invite,
        "volunteer sign-up form": post("/wolontariat/dolacz/", join_form()),
        "volunteer e-mail confirmation": post("/wolontariat/potwierdz/", {"token": FAKE_TOKEN}),
        "volunteer guardian consent": post("/wolontariat/zgoda-opiekuna/", {"token": FAKE_TOKEN}),
        "self-service link request": post(
            "/wolontariat/moje-dane/", {"email": "a@example.org", "website": ""}
        ),
        "self-service correction": edit,
        "application to an opportunity": apply,
        "workshop booking form": booking,
        "workshop booking cancellation": post("/warsztaty/rezygnacja/", {"token": FAKE_TOKEN}),
        "workshop guardian consent": post("/warsztaty/zgoda-opiekuna/", {"token": FAKE_TOKEN}),
        "school request form": school_request,
        "idea submission form": post("/zglos-pomysl/", idea_form()),
        "idea guardian consent": post("/zglos-pomysl/zgoda-opiekuna/", {"token": FAKE_TOKEN}),
        "room request form": room_request,
        "room request confirmation": post("/sale/potwierdz/", {"token": FAKE_TOKEN}),
        "room booking cancellation": post("/sale/odwolaj/", {"token": FAKE_TOKEN, "action": "all"}),
        "room occurrence cancellation": post(
            "/sale/odwolaj/", {"token": FAKE_TOKEN, "action": "one", "occurrence": "1"}
        ),
        "organisation address confirmation": post(
            "/wolontariat/potwierdz-adres-organizacji/", {"token": FAKE_TOKEN}
        ),
    }


@pytest.mark.parametrize("name", sorted(api_writes()))
def test_every_public_api_write_is_limited_with_a_problem_and_retry_after(name, client, request, redis_cache):
    send = api_writes()[name](client, request)
    answers = [send() for _ in range(LIMIT)]
    assert all(a.status_code != 429 and a.status_code < 500 for a in answers), [a.content for a in answers]
    refused = send()
    assert refused.status_code == 429, refused.content
    assert refused["Content-Type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["status"] == 429 and problem["detail"] == POLISH_MESSAGE
    assert 1 <= int(refused["Retry-After"]) <= 3600


@pytest.mark.parametrize("name", sorted(site_writes()))
def test_every_website_form_is_limited_with_a_polish_page(name, client, request, redis_cache):
    send = site_writes()[name](client, request)
    answers = [send() for _ in range(LIMIT)]
    assert all(a.status_code != 429 and a.status_code < 500 for a in answers), [
        a.status_code for a in answers
    ]
    refused = send()
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert POLISH_MESSAGE in refused.content.decode()


def test_no_public_api_write_is_left_out(client):
    """A new anonymous or self-service write must be added above (limited) or exempted with a reason."""
    schema = client.get("/api/v3/openapi.json").json()
    public_writes = {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in {"post", "put", "patch", "delete"}
        # Wagtail's content API writes need a staff API token, the partner API's a member's personal
        # access token (one organisation, one person, revocable): neither is public.
        and not any({"BearerTokenAuth", "PartnerToken"} & set(s) for s in operation.get("security") or [])
    }
    assert public_writes == set(api_writes()) | API_EXEMPT


# --- Partner API writes: per member, not per address ----------------------------------------------


def partner_api_writes():
    """Every write of the partner API (from the OpenAPI document): each is counted per member."""
    from tests.security.test_api_tokens import openapi_document

    return sorted(
        f"{method.upper()} {path}"
        for path, methods in openapi_document()["paths"].items()
        for method, operation in methods.items()
        if method in {"post", "put", "patch", "delete"}
        and any("PartnerToken" in requirement for requirement in operation.get("security") or [])
    )


def _partner_send(client, operation, raw, **extra):
    import re

    method, path = operation.split(" ", 1)
    path = re.sub(r"\{[^}]+\}", "1", path)  # the count comes first: any id, any body
    return getattr(client, method.lower())(
        path,
        data=json.dumps({}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        **extra,
    )


def test_the_partner_api_has_writes_to_limit():
    writes = partner_api_writes()
    assert "POST /api/v3/partner/applications/{application_id}/status" in writes
    assert "POST /api/v3/partner/projects/{project_id}/comments" in writes
    assert "POST /api/v3/partner/projects" in writes


@pytest.mark.parametrize("operation", partner_api_writes())
def test_every_partner_api_write_is_limited_per_member(operation, client, settings, redis_cache):
    from tests.factories import make_partner, partner_token

    settings.CAS_PARTNER_API_WRITE_RATE = f"{LIMIT}/h"
    raw = partner_token(make_partner(role="manager"))
    answers = [_partner_send(client, operation, raw) for _ in range(LIMIT)]
    assert all(a.status_code != 429 and a.status_code < 500 for a in answers), [a.content for a in answers]
    refused = _partner_send(client, operation, raw)
    assert refused.status_code == 429, refused.content
    assert refused["Content-Type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["status"] == 429 and problem["detail"] == POLISH_MESSAGE
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert "no-store" in refused["Cache-Control"]


def test_a_member_s_partner_writes_share_one_allowance(client, settings, redis_cache):
    """All writes, every token of the member and every address count together; another member
    and reads are not affected; credentials that are not a live token are 401, never counted."""
    from tests.factories import make_partner, partner_token

    settings.CAS_PARTNER_API_WRITE_RATE = f"{LIMIT}/h"
    settings.CAS_RATE_LIMIT = "off"  # the per-address limit of public writes has nothing to do here
    member = make_partner(role="manager")
    colleague = make_partner(member.organisation, role="member")
    first, second = partner_token(member), partner_token(member)
    writes = partner_api_writes()
    for _attempt in range(5):
        assert _partner_send(client, writes[0], "x" * 43).status_code == 401  # not a live token
    _partner_send(client, writes[0], first, REMOTE_ADDR="10.0.0.1")
    _partner_send(client, writes[1], second, REMOTE_ADDR="10.0.0.2")
    _partner_send(client, writes[2], first, REMOTE_ADDR="10.0.0.3")
    assert _partner_send(client, writes[-1], second, REMOTE_ADDR="10.0.0.4").status_code == 429
    assert client.get("/api/v3/partner/me", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 200
    assert _partner_send(client, writes[0], partner_token(colleague)).status_code != 429


def test_partner_writes_are_limited_by_default():
    from cas_site.ratelimit import parse_rate
    from cas_site.settings import base

    assert parse_rate(base.CAS_PARTNER_API_WRITE_RATE) == (120, 3600)


def test_limits_are_per_scope_and_per_client_address(redis_cache):
    factory = RequestFactory()
    here, there = factory.post("/", REMOTE_ADDR="10.0.0.1"), factory.post("/", REMOTE_ADDR="10.0.0.2")
    for _ in range(LIMIT):
        check_rate_limit(here, "bookings")
    with pytest.raises(RateLimited):
        check_rate_limit(here, "bookings")
    check_rate_limit(there, "bookings")  # another address has its own allowance
    check_rate_limit(here, "ideas")  # and so has another kind of write


# --- Shared across processes, exact under concurrency ---------------------------------------------

SECOND_SERVER = """
import json, sys
import django
from django.conf import settings
django.setup()
from django.test import RequestFactory
from django.test.utils import override_settings
from cas_site.errors import RateLimited
from cas_site.ratelimit import check_rate_limit

caches, rate, attempts = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
accepted = 0
with override_settings(CACHES=caches, CAS_RATE_LIMIT=rate):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")
    for _ in range(attempts):
        try:
            check_rate_limit(request, "volunteer-register")
            accepted += 1
        except RateLimited:
            pass
print(accepted)
"""


def second_server(attempts, caches):
    """Another app server process (another gunicorn worker) counting the same client's writes."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cas_site.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", SECOND_SERVER, json.dumps(caches), f"{LIMIT}/h", str(attempts)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_two_app_servers_share_one_allowance(redis_cache):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")
    check_rate_limit(request, "volunteer-register")  # this server: 1 of 3
    assert second_server(attempts=5, caches=redis_caches()) == LIMIT - 1  # the other gets what is left
    with pytest.raises(RateLimited):
        check_rate_limit(request, "volunteer-register")


def test_control_a_per_process_cache_would_double_the_allowance(redis_cache):
    """Why Redis: with the local-memory cache each worker keeps its own count."""
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    local = {"default": {"BACKEND": locmem}, "ratelimit": {"BACKEND": locmem, "LOCATION": "ratelimit"}}
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")
    for _ in range(LIMIT):
        check_rate_limit(request, "volunteer-register")
    assert second_server(attempts=5, caches=local) == LIMIT


def test_concurrent_writes_are_counted_exactly(settings, redis_cache):
    threads, hits, limit = 8, 25, 60
    settings.CAS_RATE_LIMIT = f"{limit}/h"
    accepted, refused = [], []
    barrier = threading.Barrier(threads)

    def worker():
        # Each thread gets its own RedisCache client and connection, like separate workers.
        request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
        barrier.wait()
        for _ in range(hits):
            try:
                check_rate_limit(request, "bookings")
                accepted.append(1)
            except RateLimited:
                refused.append(1)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert len(accepted) == limit and len(refused) == threads * hits - limit


def test_portal_writes_share_the_member_s_partner_allowance(client, settings, redis_cache):
    """Answering applications, commenting and proposing in the portal e-mail people just as the
    partner API does: a member's portal and API writes count against one allowance, and past it
    the portal answers a Polish 429 page and stores nothing."""
    from tests.factories import make_partner, partner_login, partner_token
    from volunteers.models import YouthProject

    settings.CAS_PARTNER_API_WRITE_RATE = f"{LIMIT}/h"
    settings.CAS_RATE_LIMIT = "off"
    member = make_partner(role="manager")
    raw = partner_token(member)
    partner_login(client, member)
    comment_path = f"/partnerzy/{member.organisation_id}/projekty/nowy/"
    for _attempt in range(LIMIT - 1):
        _partner_send(client, "POST /api/v3/partner/projects", raw)
    assert client.post(comment_path, {"title": ""}).status_code != 429  # the last one of the allowance
    refused = client.post(
        comment_path, {"title": "Projekt", "description": "Opis", "age_min": 14, "age_max": 18}
    )
    assert refused.status_code == 429
    assert "Zbyt wiele prób" in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert not YouthProject.objects.filter(title="Projekt").exists()
    assert client.get(f"/partnerzy/{member.organisation_id}/projekty/").status_code == 200  # reads go on
