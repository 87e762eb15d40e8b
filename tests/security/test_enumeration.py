"""No public write tells whether someone else's e-mail address is on file (issue 14 item 7).

For every public write that takes an e-mail, a request with an address already on file and
the same request with a made-up address get byte-identical answers (status, content type and
body, references masked: they are random anyway), across valid and invalid bodies. The one
documented exception is a complete, valid booking of an address already booked in that
session (409, API.md): every other refusal is decided before the service looks at bookings.
A new endpoint that takes an e-mail belongs in ``ENDPOINTS``; the coverage test below
fails until it is listed. Website forms whose answer is decided by a service that may look at
the address (the room request form) are compared whole, as the page a person sees.
"""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.campaigns.test_school_requests import VALID as SCHOOL_REQUEST
from tests.factories import (
    at,
    idea_payload,
    make_campaign,
    make_house_rules,
    make_room,
    make_volunteer,
    next_weekday,
    registration,
    room_booking_payload,
)

pytestmark = pytest.mark.django_db

KNOWN = "znana.osoba@example.org"
UNKNOWN = "nieznana.osoba@example.org"
REFERENCE = re.compile(rb"CAS-(?:S-)?\d{4}-\d+")


def post(client, path, data):
    return client.post(f"/api/v3/{path}", data=json.dumps(data), content_type="application/json")


def answer(response):
    return response.status_code, response["Content-Type"], REFERENCE.sub(b"CAS-#", response.content)


def booking_case(client, request):
    session = request.getfixturevalue("make_session")(capacity=5, min_age=10, max_age=40)
    minor = timezone.localtime(session.starts_at).year - 14

    def body(email, **overrides):
        data = {
            "session": session.pk,
            "name": "Ola Testowa",
            "email": email,
            "birth_year": 1995,
            "consents": {"terms": True},
        }
        return {**data, **overrides}

    assert post(client, "bookings/", body(KNOWN)).status_code == 201  # the address is now booked
    variants = {
        "minor without a guardian e-mail": {"birth_year": minor},
        "guardian e-mail equal to own": {"birth_year": minor, "guardian_email": "{email}"},
        "terms not accepted": {"consents": {"terms": False}},
        "age outside the range": {"birth_year": 1950},
        "unknown session": {"session": 987654},
        "name too short": {"name": "O"},
        "unknown field": {"pesel": "12345678901"},
    }
    return "bookings/", body, variants


def volunteer_case(client, request):
    def body(email, **overrides):
        return registration(email=email, **overrides)

    assert post(client, "volunteers/", body(KNOWN)).status_code == 202
    year = timezone.localdate().year
    variants = {
        "complete and valid": {},
        "minor without a guardian e-mail": {"birth_year": year - 15},
        "terms not accepted": {"consents": {"terms": False, "data_processing": True}},
        "unknown district": {"district": "atlantyda"},
        "no first name": {"first_name": ""},
    }
    return "volunteers/", body, variants


def active_volunteer_case(client, request):
    make_volunteer(email=KNOWN)

    def body(email, **overrides):
        return registration(email=email, **overrides)

    return "volunteers/", body, {"complete and valid": {}, "unknown skill": {"skills": ["latanie"]}}


def access_link_case(client, request):
    make_volunteer(email=KNOWN)

    def body(email, **overrides):
        return {"email": email, **overrides}

    return "volunteers/access-link", body, {"valid": {}, "unknown field": {"name": "x"}}


def idea_case(client, request):
    assert post(client, "ideas/", idea_payload(email=KNOWN)).status_code == 201

    def body(email, **overrides):
        return idea_payload(email=email, **overrides)

    year = timezone.localdate().year
    variants = {
        "complete and valid": {},
        "terms not accepted": {"consents": {"terms": False}},
        "unknown district": {"district": "atlantyda"},
        "leader under 13": {"birth_year": year - 10},
        "unknown need": {"needs": ["rakieta"]},
    }
    return "ideas/", body, variants


def school_request_case(client, request):
    campaign = make_campaign(request.getfixturevalue("campaign_index"))
    assert post(client, "school-requests/", {**SCHOOL_REQUEST, "email": KNOWN}).status_code == 201

    def body(email, **overrides):
        return {**SCHOOL_REQUEST, "campaign": campaign.pk, "email": email, **overrides}

    variants = {
        "complete and valid": {},
        "no consent": {"consent": False},
        "no pupils": {"pupils": 0},
        "unknown campaign": {"campaign": 987654},
    }
    return "school-requests/", body, variants


def room_booking_case(client, request):
    """Each address asks for its own room (the answer never names the room), so both can be accepted."""
    rules, day = make_house_rules(), next_weekday(1, after_days=8)
    rooms = {KNOWN: make_room("Sala A"), UNKNOWN: make_room("Sala B")}
    earlier = room_booking_payload(rooms[KNOWN], rules, at(day, 9), at(day, 10))
    earlier["contact"]["email"] = KNOWN
    assert post(client, "room-bookings/", earlier).status_code == 202  # the address is now on file

    def body(email, **overrides):
        data = room_booking_payload(rooms[email], rules, at(day, 17), at(day, 19))
        data["contact"] = {"name": "Anna Organizatorka", "email": email}
        return {**data, **overrides}

    variants = {
        "complete and valid": {},
        "the same slot again (a conflict)": {},
        "a series": {
            "starts_at": at(day, 12).isoformat(),
            "ends_at": at(day, 13).isoformat(),
            "repeat": {"every": "week", "until": str(day + timedelta(weeks=2))},
        },
        "fees charged": {"fees_charged": True},
        "too many participants": {"participants": 500},
        "unknown field": {"pesel": "12345678901"},
    }
    return "room-bookings/", body, variants


def blocked_room_booking_case(client, request):
    """An address blocked after two no-shows is answered as any other: only its own confirmation
    link tells (``initiatives.rooms.services``, "No-shows")."""
    from initiatives.rooms.models import HouseRules
    from initiatives.rooms.services import blocked_until
    from tests.factories import make_room_booking

    path, body, variants = room_booking_case(client, request)
    rules, room = HouseRules.objects.get(), make_room("Sala C")
    for days_ago in (9, 2):
        past = timezone.localdate() - timedelta(days=days_ago)
        make_room_booking(room, rules, at(past, 17), status="no_show", contact_email=KNOWN)
    assert blocked_until(KNOWN) and not blocked_until(UNKNOWN)
    return path, body, variants


ENDPOINTS = {
    "POST /api/v3/bookings/": booking_case,
    "POST /api/v3/volunteers/": volunteer_case,
    "POST /api/v3/volunteers/ (active volunteer)": active_volunteer_case,
    "POST /api/v3/volunteers/access-link": access_link_case,
    "POST /api/v3/ideas/": idea_case,
    "POST /api/v3/school-requests/": school_request_case,
    "POST /api/v3/room-bookings/": room_booking_case,
    "POST /api/v3/room-bookings/ (address blocked after no-shows)": blocked_room_booking_case,
}


def fill(overrides, email):
    return {k: (v.format(email=email) if isinstance(v, str) else v) for k, v in overrides.items()}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_known_and_unknown_addresses_get_the_same_answer(client, request, endpoint):
    path, body, variants = ENDPOINTS[endpoint](client, request)
    for name, overrides in variants.items():
        known = answer(post(client, path, body(KNOWN, **fill(overrides, KNOWN))))
        unknown = answer(post(client, path, body(UNKNOWN, **fill(overrides, UNKNOWN))))
        assert known == unknown, f"{endpoint}, {name}: the answer tells that {KNOWN} is on file"


def test_every_public_write_with_an_email_is_covered(client):
    """A new anonymous write whose body has an e-mail field must be added to ENDPOINTS."""
    schema = client.get("/api/v3/openapi.json").json()
    components = schema["components"]["schemas"]

    def has_email(ref):
        """An e-mail field in the body or in an object inside it (``contact.email``)."""
        properties = components[ref.rsplit("/", 1)[-1]].get("properties", {})
        nested = [
            r
            for prop in properties.values()
            for r in [prop.get("$ref"), *(option.get("$ref") for option in prop.get("anyOf", []))]
            if r
        ]
        return any("email" in name for name in properties) or any(has_email(r) for r in nested)

    with_email = set()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method != "post" or operation.get("security"):
                continue
            content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = content.get("schema", {}).get("$ref")
            if ref and has_email(ref):
                with_email.add(f"POST {path}")
    covered = {name.split(" (")[0] for name in ENDPOINTS}
    assert with_email >= {"POST /api/v3/bookings/", "POST /api/v3/volunteers/access-link"}  # it sees them
    assert with_email - covered == set()


# --- Website forms ------------------------------------------------------------------------------


def site_answer(client, response, mask):
    """A form's answer as a person sees it: the page after a redirect, with what differs anyway
    masked (the CSRF token, the random reference, the typed address)."""
    page = client.get(response["Location"]) if response.status_code == 302 else response
    content = page.content.decode()
    for text, placeholder in mask.items():
        content = content.replace(text, placeholder)
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", content)
    return response.status_code, page.status_code, REFERENCE.sub(b"CAS-#", content.encode())


def test_the_room_request_form_answers_known_and_unknown_addresses_alike(
    client, django_capture_on_commit_callbacks
):
    """Each address asks for its own room of the same name (the slug is masked), so both can be
    accepted; the address already asked for a room before."""
    from tests.factories import room_form

    rules, day = make_house_rules(), next_weekday(1, after_days=8)
    rooms = {KNOWN: make_room("Sala A"), UNKNOWN: make_room("Sala A")}
    with django_capture_on_commit_callbacks(execute=True):
        earlier = room_form(rules, day, start="09:00", end="10:00", contact_email=KNOWN)
        assert client.post(f"/sale/{rooms[KNOWN].slug}/rezerwuj/", earlier).status_code == 302

    def send(email, **overrides):
        room = rooms[email]
        data = room_form(rules, day, contact_email=email, **overrides)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/sale/{room.slug}/rezerwuj/", data)
        return site_answer(client, response, {room.slug: "SLUG", email: "EMAIL"})

    variants = {
        "complete and valid": {},
        "the same slot again (a conflict)": {},
        "a series": {
            "start": "12:00",
            "end": "13:00",
            "repeat": "week",
            "until": str(day + timedelta(weeks=2)),
        },
        "fees charged": {"fees_charged": "tak"},
        "too many participants": {"participants": "500"},
        "house rules not accepted": {"house_rules": None},
        "outside opening hours": {"start": "22:00", "end": "23:00"},
    }
    for name, overrides in variants.items():
        assert send(KNOWN, **overrides) == send(UNKNOWN, **overrides), f"room request form, {name}"
