"""Issue 17, point 8: a group's contact data is seen only by the staff who handle rooms ("Sale" and
"Koordynacja wolontariatu"), is purged after its retention period, and every erasure by e-mail
address reaches it (``home.privacy``), public answers cached before included."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from home.privacy import erase_person
from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus, OrganiserKind
from tests.factories import at, make_house_rules, next_weekday, room_request

pytestmark = pytest.mark.django_db

BOOKINGS = "/admin/rooms/roombooking/"
CONTACT = ("Anna Organizatorka", "anna@example.org", "500 600 700")


@pytest.fixture
def day():
    return next_weekday(1, after_days=8)


def open_meeting(room, rules, day, **overrides):
    """An approved meeting open to everyone, asked for by Anna (a resident by default)."""
    fields = {
        "organiser_kind": OrganiserKind.RESIDENT,
        "organiser_name": "Anna Organizatorka",
        "public_title": "Sąsiedzkie szycie u Anny Organizatorki",
        "public_description": "Przynieś maszynę, jeśli masz.",
        **overrides,
    }
    [booking] = services.request_booking(
        **room_request(room, rules, at(day, 17), at(day, 19), **fields)
    ).bookings
    services.confirm_email(booking)
    return services.approve(booking)


def contact_shown(response):
    html = response.content.decode()
    return [value for value in CONTACT if value in html]


@pytest.fixture
def room_staff(django_user_model):
    user = django_user_model.objects.create_user("sale", "sale@example.org", "haslo-testowe-123")
    user.groups.add(Group.objects.get(name="Sale"))
    return user


@pytest.mark.parametrize("staff", ["room_staff", "coordinator_user"])
def test_room_staff_and_coordinators_see_a_groups_contact_data(client, request, room, rules, day, staff):
    booking = open_meeting(room, rules, day)
    client.force_login(request.getfixturevalue(staff))

    listing = client.get(BOOKINGS, {"q": "anna@example.org"})
    inspect = client.get(f"{BOOKINGS}inspect/{booking.pk}/")

    assert listing.status_code == 200 and booking.reference in listing.content.decode()
    assert inspect.status_code == 200 and contact_shown(inspect) == list(CONTACT)


@pytest.mark.parametrize("staff", ["editor_user", "workshop_staff_user"])
def test_other_staff_never_see_it(client, request, room, rules, day, staff):
    booking = open_meeting(room, rules, day)
    client.force_login(request.getfixturevalue(staff))

    for url in (BOOKINGS, f"{BOOKINGS}inspect/{booking.pk}/", f"{BOOKINGS}history/{booking.pk}/"):
        response = client.get(url, follow=True)
        assert contact_shown(response) == [], url
        assert booking.reference not in response.content.decode(), url


# --- Retention ----------------------------------------------------------------------------------


def past_meeting(room, rules, ended_days_ago, email="anna@example.org"):
    """A meeting that ended ``ended_days_ago`` (asked for, confirmed and approved back then)."""
    day = timezone.localdate() - timedelta(days=ended_days_ago)
    asked = at(day, 9) - timedelta(days=14)
    [booking] = services.request_booking(
        **room_request(
            room, rules, at(day, 17), at(day, 19), contact_email=email, public_title="Wieczór gier"
        ),
        now=asked,
    ).bookings
    services.confirm_email(booking, now=asked)
    return services.approve(booking, now=asked)


def test_contact_data_is_purged_after_the_retention_period_and_statistics_stay(room, settings):
    rules = make_house_rules(published_at=timezone.now() - timedelta(days=1000))
    settings.CAS_RETENTION_ROOM_BOOKINGS_DAYS = 365
    old = past_meeting(room, rules, ended_days_ago=400, email="stara@example.org")
    recent = past_meeting(room, rules, ended_days_ago=30, email="nowa@example.org")

    call_command("purge_personal_data", stdout=StringIO())

    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone, old.organiser_name) == ("", "", "", "")
    assert (old.purpose, old.public_title, old.public_description) == ("", "", "")
    # What statistics need stays: the room, the time, the kind of group, how many came, the status.
    assert (old.room_id, old.organiser_kind, old.participants, old.status) == (
        room.pk,
        OrganiserKind.INFORMAL_GROUP,
        12,
        BookingStatus.APPROVED,
    )
    recent.refresh_from_db()
    assert (recent.contact_name, recent.contact_email) == ("Anna Organizatorka", "nowa@example.org")

    settings.CAS_RETENTION_ROOM_BOOKINGS_DAYS = 20  # the period is a setting
    call_command("purge_personal_data", stdout=StringIO())
    recent.refresh_from_db()
    assert recent.contact_email == ""


# --- Erasure ------------------------------------------------------------------------------------


def test_erasure_by_address_reaches_every_booking_of_it(room, rules, day):
    meeting = open_meeting(room, rules, day)
    other = open_meeting(room, rules, day + timedelta(days=1), contact_email="ktos@example.org")

    counts = erase_person("ANNA@example.org ")

    assert counts["rooms.RoomBooking"] == 1
    meeting.refresh_from_db()
    assert meeting.status == BookingStatus.CANCELLED  # its slot is free again
    assert not any(getattr(meeting, name) for name in ("contact_name", "contact_email", "contact_phone"))
    assert not any(
        getattr(meeting, name) for name in ("organiser_name", "public_title", "public_description")
    )
    other.refresh_from_db()
    assert other.status == BookingStatus.APPROVED and other.contact_email == "ktos@example.org"


def test_an_erased_meeting_leaves_the_cached_public_calendar_at_once(api_get, room, rules, day, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 300
    open_meeting(room, rules, day)
    params = {"from": at(day, 0).isoformat(), "to": at(day + timedelta(days=1), 0).isoformat()}
    assert api_get("meetings/").json()["count"] == 1  # both answers are now cached
    assert api_get(f"rooms/{room.pk}/availability", **params).json()["busy"]

    erase_person("anna@example.org")

    meetings = api_get("meetings/")
    assert meetings.json()["count"] == 0 and "Organizatork" not in meetings.content.decode()
    assert api_get(f"rooms/{room.pk}/availability", **params).json()["busy"] == []
