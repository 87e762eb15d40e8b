"""The rooms API: shapes, problem+json refusals per field, 409 naming the interval, no names in
availability, and nothing mounted while ``CAS_ROOMS_PUBLIC`` is off."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from initiatives.rooms import services
from initiatives.rooms.api import public_router
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.factories import (
    at,
    make_equipment,
    make_image,
    make_room,
    next_weekday,
    room_booking_payload,
    room_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    """A Tuesday 8 to 14 days ahead: past the notice whatever today is, within two months."""
    return next_weekday(1, after_days=8)


def post(api_post, room, rules, day, **overrides):
    payload = room_booking_payload(room, rules, at(day, 17), at(day, 19))
    payload.update(overrides)
    return api_post("room-bookings/", payload)


def test_a_request_is_accepted_for_e_mail_confirmation(api_post, room, rules, day):
    make_equipment("rzutnik", quantity=1)
    response = post(api_post, room, rules, day, equipment=[{"slug": "rzutnik", "quantity": 1}])

    assert response.status_code == 202, response.content
    body = response.json()
    booking = RoomBooking.objects.get()
    assert body["reference"] == booking.reference and body["status"] == "awaiting_email"
    assert body["occurrences"] == [{"starts_at": at(day, 17).isoformat(), "ends_at": at(day, 19).isoformat()}]
    assert body["skipped"] == []
    assert "no-store" in response["Cache-Control"]
    assert booking.equipment_lines.get().quantity == 1


def test_a_conflict_is_409_naming_the_interval(api_post, room, rules, day):
    assert post(api_post, room, rules, day).status_code == 202
    response = post(
        api_post, room, rules, day, starts_at=at(day, 18).isoformat(), ends_at=at(day, 20).isoformat()
    )

    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert (
        problem["detail"]
        == f"Sala jest już zajęta w tym czasie: od {day:%Y-%m-%d} 17:00 do {day:%Y-%m-%d} 19:00."
    )
    assert problem["errors"][0]["loc"] == ["body", "payload", "starts_at"]


@pytest.mark.parametrize(
    ("overrides", "loc", "msg"),
    [
        ({"fees_charged": True}, ["body", "payload", "fees_charged"], "Sale udostępniamy tylko"),
        ({"participants": 50}, ["body", "payload", "participants"], "Ta sala mieści najwyżej 20 osób."),
        ({"house_rules": 99}, ["body", "payload", "house_rules"], "Zaakceptuj obowiązujący regulamin"),
        ({"starts_at": "jutro"}, ["body", "payload", "starts_at"], "Podaj poprawną datę i godzinę"),
        (
            {"organiser": {"kind": "firma", "name": "X sp. z o.o."}},
            ["body", "payload", "organiser", "kind"],
            "",
        ),
        (
            {"contact": {"name": "Anna", "email": "nie-adres"}},
            ["body", "payload", "contact", "email"],
            "Podaj poprawny adres e-mail.",
        ),
        ({"repeat": {"every": "day", "until": "2026-12-31"}}, ["body", "payload", "repeat", "every"], ""),
        ({"extra": 1}, ["body", "payload", "extra"], "Nieznane pole."),
    ],
)
def test_refusals_are_422_per_field_in_polish(api_post, room, rules, day, overrides, loc, msg):
    response = post(api_post, room, rules, day, **overrides)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(e["loc"] == loc and e["msg"].startswith(msg) for e in errors), errors
    assert not RoomBooking.objects.exists()


def test_outside_opening_hours_through_the_api(api_post, room, rules, day):
    response = post(
        api_post, room, rules, day, starts_at=at(day, 21).isoformat(), ends_at=at(day, 23).isoformat()
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Sala jest wtedy zamknięta")


def test_an_unknown_room_is_404(api_post, room, rules, day):
    payload = room_booking_payload(room, rules, at(day, 17), at(day, 19))
    payload["room"] = room.pk + 1000
    response = api_post("room-bookings/", payload)
    assert response.status_code == 404
    assert response.json()["detail"] == "Nie ma takiej sali."


def test_a_series_lists_its_conflicts_one_by_one(api_post, room, rules, day):
    taken = day + timedelta(weeks=1)
    assert post(api_post, room, rules, taken).status_code == 202
    response = post(
        api_post, room, rules, day, repeat={"every": "week", "until": (day + timedelta(weeks=2)).isoformat()}
    )
    assert response.status_code == 202
    body = response.json()
    assert [o["starts_at"] for o in body["occurrences"]] == [
        at(day, 17).isoformat(),
        at(day + timedelta(weeks=2), 17).isoformat(),
    ]
    assert body["skipped"] == [
        {
            "starts_at": at(taken, 17).isoformat(),
            "ends_at": at(taken, 19).isoformat(),
            "reason": (
                f"Sala jest już zajęta w tym czasie: od {taken:%Y-%m-%d} 17:00 do {taken:%Y-%m-%d} 19:00."
            ),
        }
    ]


def test_a_filled_honeypot_looks_accepted_and_stores_nothing(api_post, room, rules, day):
    response = post(api_post, room, rules, day, website="http://spam.example")
    assert response.status_code == 202
    assert response.json()["status"] == "awaiting_email"
    assert not RoomBooking.objects.exists()


def test_rooms_list(api_get, room, rules):
    make_equipment("rzutnik", "Rzutnik", quantity=2)
    room.equipment = "Tablica\nFlipchart\n"
    room.step_free = True
    room.save()
    response = api_get("rooms/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    [item] = response.json()["items"]
    assert item["id"] == room.pk and item["name"] == "Sala warsztatowa" and item["slug"] == room.slug
    assert item["url"] == f"http://testserver/sale/{room.slug}/"
    assert item["capacity"] == 20 and item["step_free"] is True
    assert item["equipment"] == ["Tablica", "Flipchart"]
    assert item["lendable"] == [{"slug": "rzutnik", "name": "Rzutnik", "quantity": 2}]
    assert item["photo"] is None
    assert len(item["opening_hours"]) == 7
    assert item["opening_hours"][0] == {"weekday": 0, "opens": "08:00:00", "closes": "21:00:00"}
    assert item["house_rules"] == rules.version


def test_availability_shows_busy_times_and_never_who(api_post, api_get, room, rules, day):
    assert post(api_post, room, rules, day).status_code == 202
    response = api_get(
        f"rooms/{room.pk}/availability",
        **{"from": at(day, 0).isoformat(), "to": at(day + timedelta(days=1), 0).isoformat()},
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "room": room.pk,
        "busy": [{"starts_at": at(day, 17).isoformat(), "ends_at": at(day, 19).isoformat()}],
    }
    text = response.content.decode()
    for personal in ("Klub", "Anna", "anna@example.org", "500 600", "planszowych", "CAS-S"):
        assert personal not in text


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-01-02T00:00", "to": "2026-01-01T00:00"},
        {"from": "2026-01-01T00:00", "to": "2026-05-01T00:00"},
        {"from": "0", "to": "1"},
        {"from": "2026-01-01T00:00"},
    ],
)
def test_availability_refuses_a_bad_or_too_long_range(api_get, room, params):
    response = api_get(f"rooms/{room.pk}/availability", **params)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")


def test_availability_of_an_unknown_room_is_404(api_get, db):
    response = api_get("rooms/999/availability", **{"from": "2026-01-01T00:00", "to": "2026-01-02T00:00"})
    assert response.status_code == 404


def test_open_meetings(api_post, api_get, room, rules, day):
    post(api_post, room, rules, day, public_title="Wieczór gier", public_description="Dla każdego.")
    post(api_post, room, rules, day, starts_at=at(day, 10).isoformat(), ends_at=at(day, 11).isoformat())
    for booking in RoomBooking.objects.all():
        services.confirm_email(booking)
        services.approve(booking)
    response = api_get("meetings/")
    assert response.status_code == 200
    meeting = RoomBooking.objects.get(public_title="Wieczór gier")
    assert meeting.status == BookingStatus.APPROVED
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": meeting.pk,
                "title": "Wieczór gier",
                "description": "Dla każdego.",
                "group": "Klub Planszówkowy Pogoń",
                "room": {"name": "Sala warsztatowa", "url": f"http://testserver/sale/{room.slug}/"},
                "step_free": False,
                "starts_at": at(day, 17).isoformat(),
                "ends_at": at(day, 19).isoformat(),
                "url": f"http://testserver/spotkania/{meeting.pk}/",
                "ics_url": f"http://testserver/spotkania/{meeting.pk}.ics",
            }
        ],
    }


def test_nothing_is_mounted_while_the_feature_is_off():
    with override_settings(CAS_ROOMS_PUBLIC=False):
        assert public_router().path_operations == {}
    assert set(public_router().path_operations) == {
        "rooms/",
        "rooms/{room_id}/availability",
        "room-bookings/",
        "room-bookings/confirm",
        "room-bookings/cancel",
        "meetings/",
    }


OFF_SWITCH = """
import json
import django
from django.conf import settings
settings.CAS_ROOMS_PUBLIC = {flag}
django.setup()
from django.urls import resolve
paths = ("/api/v3/rooms/", "/api/v3/meetings/", "/api/v3/room-bookings/", "/api/v3/workshops/")
# Anything else falls through to Wagtail's page serving (a 404 page).
print(json.dumps({{path: resolve(path).url_name != "wagtail_serve" for path in paths}}))
"""


@pytest.mark.parametrize("flag", [False, True])
def test_the_site_mounts_the_rooms_api_only_when_the_flag_is_on(flag):
    """The real URLconf in a fresh process (routers are mounted once, at start-up)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cas_site.settings.test"}
    script = OFF_SWITCH.format(flag=flag)
    result = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "/api/v3/rooms/": flag,
        "/api/v3/meetings/": flag,
        "/api/v3/room-bookings/": flag,
        "/api/v3/workshops/": True,
    }


def test_a_cancellation_frees_the_slot_in_cached_availability_at_once(
    api_post, api_get, room, rules, day, settings
):
    settings.CAS_RESPONSE_CACHE_SECONDS = 300
    assert post(api_post, room, rules, day).status_code == 202
    params = {"from": at(day, 0).isoformat(), "to": at(day + timedelta(days=1), 0).isoformat()}
    assert len(api_get(f"rooms/{room.pk}/availability", **params).json()["busy"]) == 1  # now cached

    services.cancel(RoomBooking.objects.get())

    assert api_get(f"rooms/{room.pk}/availability", **params).json()["busy"] == []


def test_a_residents_own_name_is_never_published_with_an_open_meeting(api_post, api_get, room, rules, day):
    organiser = {"kind": "resident", "name": "Jan Kowalski"}
    post(api_post, room, rules, day, public_title="Sąsiedzkie szycie", organiser=organiser)
    booking = RoomBooking.objects.get()
    services.confirm_email(booking)
    services.approve(booking)
    response = api_get("meetings/")
    assert response.json()["items"][0]["group"] == "mieszkaniec lub mieszkanka"
    assert "Kowalski" not in response.content.decode()


# --- Lists run a constant number of queries (API.md, "Lists") ------------------------------


def count_queries(api_get, path):
    """Queries of a cold request: renditions exist, but no cache remembers them (a restart)."""
    api_get(path, limit=100)  # make the renditions
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = api_get(path, limit=100)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def add_rooms_and_meetings(rules, now, number, first=0):
    """``number`` rooms with a photo, each with an approved open meeting."""
    day = now.date() + timedelta(days=3)
    for n in range(first, first + number):
        room = make_room(f"Sala {n}", photo=make_image(f"Sala {n}"), photo_alt=f"Sala numer {n}")
        [booking] = services.request_booking(
            **room_request(room, rules, at(day, 17), at(day, 19), public_title=f"Spotkanie {n}"), now=now
        ).bookings
        services.confirm_email(booking, now=now)
        services.approve(booking, now=now)


# Wagtail's rendition generator leaves a SpooledTemporaryFile to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_rooms_and_meetings_lists_run_a_constant_number_of_queries(api_get, rules, now):
    add_rooms_and_meetings(rules, now, 2)
    rooms_few, count = count_queries(api_get, "rooms/")
    assert count == 2
    meetings_few, count = count_queries(api_get, "meetings/")
    assert count == 2

    add_rooms_and_meetings(rules, now, 10, first=2)

    assert count_queries(api_get, "rooms/") == (rooms_few, 12)
    assert count_queries(api_get, "meetings/") == (meetings_few, 12)


# --- The operations in the OpenAPI document ---------------------------------------------------

ROOM_OPERATIONS = {
    ("get", "/api/v3/rooms/"): {"200"},
    ("get", "/api/v3/rooms/{room_id}/availability"): {"200", "404", "422"},
    ("post", "/api/v3/room-bookings/"): {"202", "404", "409", "422", "429"},
    ("post", "/api/v3/room-bookings/confirm"): {"200", "409", "410"},
    ("post", "/api/v3/room-bookings/cancel"): {"200", "410"},
    ("get", "/api/v3/meetings/"): {"200"},
}


def test_every_rooms_operation_is_described_in_the_openapi_document(client):
    """Clients read what each operation does and what each refusal means from the schema."""
    schema = client.get("/api/v3/openapi.json").json()
    generic = {
        "Conflict with existing data",
        "Validation failed",
        "Not found",
        "Link or token expired or already used",
    }

    for (method, path), statuses in ROOM_OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["summary"] and len(operation.get("description", "")) > 80, path
        responses = operation["responses"]
        assert statuses <= set(responses), (path, set(responses))
        for status in statuses - {"200", "202", "429"}:
            assert responses[status]["description"] not in generic, (path, status)
            assert "application/problem+json" in responses[status]["content"], (path, status)

    parameters = schema["paths"]["/api/v3/rooms/{room_id}/availability"]["get"]["parameters"]
    described = {p["name"]: p.get("description", "") for p in parameters}
    assert "ISO 8601" in described["from"] and "ISO 8601" in described["to"]
    assert "202" in schema["paths"]["/api/v3/room-bookings/"]["post"]["responses"]
