"""Demo content of the meeting place: three rooms, lent equipment, house rules and a month of
bookings in every state, never overlapping, made once whatever day of the week it is."""

import io
from datetime import datetime, timedelta
from itertools import combinations

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from home.models import EmailLink, OutgoingEmail
from initiatives.rooms import seed as rooms_seed
from initiatives.rooms import services
from initiatives.rooms.choices import BLOCKING, BookingStatus, OrganiserKind
from initiatives.rooms.models import Equipment, HouseRules, Room, RoomBooking, RoomBookingSeries

pytestmark = pytest.mark.django_db

S = BookingStatus


def seeded(now=None):
    out = io.StringIO()
    rooms_seed.seed(out, now=now)
    return out.getvalue()


def snapshot():
    return sorted(
        RoomBooking.objects.values_list("room__slug", "starts_at", "ends_at", "status", "contact_email")
    )


# Wagtail's rendition generation leaves a SpooledTemporaryFile to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_three_rooms_their_equipment_hours_and_the_house_rules(api_get):
    seeded()

    rooms = {room.slug: room for room in Room.objects.all()}
    assert {slug: (r.name, r.capacity) for slug, r in rooms.items()} == {
        "sala-konferencyjna": ("Sala konferencyjna", 30),
        "sala-warsztatowa": ("Sala warsztatowa", 16),
        "pokoj-spotkan": ("Pokój spotkań", 8),
    }
    assert "Rzutnik" in rooms["sala-konferencyjna"].equipment and "Nagłośnienie" in (
        rooms["sala-konferencyjna"].equipment
    )
    assert "Flipchart" in rooms["sala-warsztatowa"].equipment
    for room in rooms.values():
        room.full_clean()  # a photo needs its alt text
        assert room.bookable and room.photo and room.photo_alt
        # The description says how to get there, matching the flag (the building's lift and ramp).
        assert room.step_free and ("winda" in room.description or "pochylni" in room.description)
        assert {h.weekday for h in room.opening_hours.all()} == {0, 1, 2, 3, 4, 5}
    assert rooms["pokoj-spotkan"].floor == 1
    assert sum(room.closed_days.count() for room in rooms.values()) >= 2
    assert {e.slug: e.quantity for e in Equipment.objects.all()} == {
        "rzutnik": 2,
        "laptop": 2,
        "flipchart": 3,
        "naglosnienie": 1,
    }
    rules = HouseRules.in_force()
    assert rules.version == 1
    for rule in ("bezpłatnie", "komercyjną", "pełnoletnia osoba odpowiedzialna", "alkoholu", "sprzątaniem"):
        assert rule in rules.text

    body = api_get("rooms/").json()
    assert body["count"] == 3
    assert all(item["photo"]["alt"] and item["opening_hours"] for item in body["items"])
    assert {line["slug"] for line in body["items"][0]["lendable"]} == {
        "rzutnik",
        "laptop",
        "flipchart",
        "naglosnienie",
    }


def test_a_month_of_bookings_in_every_state(api_get, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seeded()
    today = timezone.localdate()

    bookings = list(RoomBooking.objects.select_related("room"))
    days = [timezone.localtime(b.starts_at).date() for b in bookings]
    assert min(days) <= today - timedelta(days=7) and max(days) >= today + timedelta(days=14)
    assert max(days) - min(days) <= timedelta(days=36)  # about a month around today
    assert {b.status for b in bookings} == {S.APPROVED, S.REQUESTED, S.REFUSED, S.CANCELLED, S.NO_SHOW}

    # An informal group's weekly series, approved, with meetings before and after today.
    series = RoomBookingSeries.objects.get()
    weekly = list(series.bookings.order_by("starts_at"))
    assert len(weekly) >= 5 and {b.status for b in weekly} == {S.APPROVED}
    assert {b.organiser_kind for b in weekly} == {OrganiserKind.INFORMAL_GROUP}
    assert weekly[0].starts_at < timezone.now() < weekly[-1].starts_at
    assert {timezone.localtime(b.starts_at).strftime("%a %H:%M") for b in weekly} == {
        timezone.localtime(weekly[0].starts_at).strftime("%a %H:%M")
    }
    # A one-off NGO meeting, a resident's request waiting for staff, a refusal with its reason.
    ngo = [b for b in bookings if b.organiser_kind == OrganiserKind.NGO and b.status == S.APPROVED]
    assert ngo and all(b.series is None for b in ngo)
    [waiting] = [b for b in bookings if b.status == S.REQUESTED]
    assert waiting.organiser_kind == OrganiserKind.RESIDENT and waiting.starts_at > timezone.now()
    [refused] = [b for b in bookings if b.status == S.REFUSED]
    assert "regulamin" in refused.refusal_reason and refused.decided_at
    [cancelled] = [b for b in bookings if b.status == S.CANCELLED]
    assert cancelled.cancelled_at <= timezone.now()
    # Every request was confirmed by e-mail and decided no later than now; made-up people only.
    assert all(b.email_confirmed_at and b.created_at < b.email_confirmed_at for b in bookings)
    assert all(b.decided_at <= timezone.now() for b in bookings if b.status != S.REQUESTED)
    assert all(b.contact_email.endswith("@example.org") for b in bookings)
    # Equipment lent separately on some of them.
    lent = {line.equipment.slug for b in bookings for line in b.equipment_lines.all()}
    assert {"rzutnik", "laptop", "flipchart"} <= lent

    # Nobody was mailed; the outbox and the links hold nothing about demo bookings.
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists() and not EmailLink.objects.exists()

    # Open meetings for /spotkania/: titles and descriptions, a resident never named.
    meetings = api_get("meetings/").json()
    assert meetings["count"] >= 4
    assert all(item["title"] and item["description"] for item in meetings["items"])
    assert "mieszkaniec lub mieszkanka" in {item["group"] for item in meetings["items"]}
    assert "Przykładowy" not in str(meetings)
    titles = {item["title"] for item in meetings["items"]}
    assert "Wieczór gier planszowych" in titles
    assert not titles & {b.public_title for b in bookings if b.status != S.APPROVED}


# Seeding on each day of a week (and across the change of time in spring and autumn) never
# breaks a rule of the services: no scenario is skipped, nothing overlaps, no equipment is
# promised twice.
DAYS = [datetime(2026, 11, 16 + n, 10, 30) for n in range(7)] + [
    datetime(2026, 10, 14, 10),
    datetime(2027, 3, 15, 10),
]


@pytest.mark.parametrize("moment", DAYS, ids=[f"{d:%a-%Y-%m-%d}" for d in DAYS])
def test_no_blocking_bookings_overlap_whatever_the_day(moment):
    now = timezone.make_aware(moment)

    output = seeded(now)

    assert "pominięto" not in output
    assert RoomBooking.objects.values("contact_email").distinct().count() == len(rooms_seed.SCENARIOS)
    blocking = RoomBooking.objects.filter(status__in=BLOCKING)
    for room in Room.objects.all():
        held = list(blocking.filter(room=room))
        for first, second in combinations(held, 2):
            assert first.ends_at <= second.starts_at or second.ends_at <= first.starts_at, (first, second)
    start, end = RoomBooking.objects.order_by("starts_at").first().starts_at, now + timedelta(days=40)
    for equipment in Equipment.objects.all():
        assert services.equipment_peak(equipment, start, end, now) <= equipment.quantity


def test_running_it_twice_changes_nothing():
    first_output = seeded()
    before = snapshot()
    counts = [m.objects.count() for m in (Room, Equipment, HouseRules, RoomBookingSeries)]

    again = seeded()

    assert snapshot() == before
    assert [m.objects.count() for m in (Room, Equipment, HouseRules, RoomBookingSeries)] == counts
    assert "(nowych: 0)" in again and "(nowych: 0)" not in first_output


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_make_run_seeds_the_rooms_through_seed_demo(api_get):
    """``make run`` calls ``manage.py seed_demo``: the rooms app is found by the registry, after
    the apps it follows, and a second run adds nothing."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())

    assert "sale: 3" in out.getvalue()
    assert snapshot() == before and len(before) >= 10
    assert api_get("rooms/").json()["count"] == 3
    assert api_get("meetings/").json()["count"] >= 4
