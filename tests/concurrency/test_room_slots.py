"""Room slots under real concurrency: 50 clients with their own PostgreSQL connections ask for
the same room at the same time. Exactly one request holds the slot; the others get the 409
conflict naming it. The control race switches the room lock off: the exclusion constraint
``rooms_booking_no_overlap`` still lets only one through (no double booking by construction)."""

import pytest
from django.db import IntegrityError, transaction

from home.locking import without_locks
from initiatives.rooms import services
from initiatives.rooms.choices import BLOCKING, BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.concurrency import race
from tests.factories import at, make_equipment, make_house_rules, make_room, next_weekday, room_request

pytestmark = pytest.mark.slow

CLIENTS = 50


def ask(room, rules, day, i, **overrides):
    values = room_request(room, rules, at(day, 17), at(day, 19), contact_email=f"grupa{i}@example.org")
    values.update(overrides)
    try:
        return services.request_booking(**values).reference
    except services.SlotTaken as conflict:
        return conflict
    except services.EquipmentUnavailable as conflict:
        return conflict


def outcome(results, day):
    held = [r for r in results if isinstance(r, str)]
    conflicts = [r for r in results if isinstance(r, services.Conflict)]
    return held, conflicts


def test_fifty_clients_race_for_one_slot_exactly_one_holds_it():
    room, rules, day = make_room(), make_house_rules(), next_weekday(1, after_days=8)
    results, errors = race(CLIENTS, lambda i: ask(room, rules, day, i))

    assert errors == []
    held, conflicts = outcome(results, day)
    assert len(held) == 1 and len(conflicts) == CLIENTS - 1
    assert {c.status for c in conflicts} == {409}
    assert {str(c.message) for c in conflicts} == {
        f"Sala jest już zajęta w tym czasie: od {day:%Y-%m-%d} 17:00 do {day:%Y-%m-%d} 19:00."
    }
    assert RoomBooking.objects.filter(room=room, status__in=BLOCKING).count() == 1


def test_control_without_the_room_lock_the_database_constraint_still_refuses_the_overlap():
    room, rules, day = make_room(), make_house_rules(), next_weekday(1, after_days=8)
    with without_locks():
        results, errors = race(CLIENTS, lambda i: ask(room, rules, day, i))

    assert errors == []
    held, conflicts = outcome(results, day)
    assert len(held) == 1 and len(conflicts) == CLIENTS - 1
    assert RoomBooking.objects.filter(room=room, status__in=BLOCKING).count() == 1


def test_equipment_is_never_promised_twice_when_rooms_race_for_it():
    """Different rooms, one projector: the equipment row lock lets exactly one request have it."""
    rules, day = make_house_rules(), next_weekday(1, after_days=8)
    make_equipment("rzutnik", quantity=1)
    rooms = [make_room(f"Sala {i}") for i in range(10)]
    results, errors = race(10, lambda i: ask(rooms[i], rules, day, i, equipment={"rzutnik": 1}))

    assert errors == []
    held, conflicts = outcome(results, day)
    assert len(held) == 1 and len(conflicts) == 9
    assert all(isinstance(c, services.EquipmentUnavailable) for c in conflicts)


def test_the_exclusion_constraint_refuses_an_overlap_written_past_the_services():
    room, rules, day = make_room(), make_house_rules(), next_weekday(1, after_days=8)
    first = services.request_booking(**room_request(room, rules, at(day, 17), at(day, 19))).bookings[0]

    def write(status, start, end, n):
        RoomBooking.objects.create(
            reference=f"RAW-{n}", room=room, starts_at=start, ends_at=end, status=status,
            organiser_kind="resident", organiser_name="X", contact_name="X", contact_email="x@example.org",
            purpose="X", participants=1, house_rules=rules,
        )  # fmt: skip

    for n, status in enumerate(
        [BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.AWAITING_EMAIL]
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            write(status, at(day, 18), at(day, 20), n)
    write(BookingStatus.APPROVED, at(day, 19), at(day, 21), 10)  # back to back
    write(BookingStatus.CANCELLED, at(day, 17), at(day, 19), 11)  # cancelled and refused never block
    write(BookingStatus.REFUSED, at(day, 17), at(day, 19), 12)
    assert first.status == BookingStatus.AWAITING_EMAIL
