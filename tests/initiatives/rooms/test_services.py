"""The centre's rules for lending rooms, each refusal in Polish with the field it concerns."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import BookingEquipment, RoomBooking, RoomClosedDay
from tests.factories import at, make_equipment, make_house_rules, make_room, room_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _polish():
    with translation.override("pl"):
        yield


def request(room, rules, starts_at, ends_at, now, **overrides):
    return services.request_booking(**room_request(room, rules, starts_at, ends_at, **overrides), now=now)


def test_a_request_holds_its_slot_only_until_the_e_mail_hold_ends(room, rules, now, thursday):
    result = request(room, rules, at(thursday, 17), at(thursday, 19), now)

    booking = RoomBooking.objects.get()
    assert re.fullmatch(r"CAS-S-\d{4}-\d{4}", result.reference) and booking.reference == result.reference
    assert booking.status == BookingStatus.AWAITING_EMAIL
    assert booking.hold_expires_at == now + timedelta(minutes=60)
    assert booking.contact_email == "anna@example.org" and booking.house_rules == rules


# --- the rules, each a Polish refusal naming its field ----------------------------------------------


def refusal(room, rules, now, thursday, *, start=(17, 0), end=(19, 0), day=None, **overrides):
    day = day or thursday
    with pytest.raises(services.DomainError) as caught:
        request(room, rules, at(day, *start), at(day, *end), now, **overrides)
    assert not RoomBooking.objects.exists()
    return caught.value


def test_outside_opening_hours_is_refused(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, start=(20, 0), end=(22, 0))
    assert str(error.message) == (
        "Sala jest wtedy zamknięta: spotkanie musi się zmieścić w godzinach otwarcia sali."
    )
    assert error.loc == ("body", "payload", "starts_at") and error.status == 422


def test_a_day_without_opening_hours_is_refused(rules, now, thursday):
    weekdays_only = make_room(weekdays=range(5))
    saturday = thursday + timedelta(days=2)
    error = refusal(weekdays_only, rules, now, thursday, day=saturday)
    assert isinstance(error, services.OutsideOpeningHours)


def test_a_closed_day_is_refused(room, rules, now, thursday):
    RoomClosedDay.objects.create(room=room, date=thursday, reason="Remont")
    error = refusal(room, rules, now, thursday)
    assert str(error.message) == "W tym dniu sala jest zamknięta."


def test_three_working_days_of_notice(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, day=thursday - timedelta(days=1))  # Wednesday
    assert str(error.message) == "Salę trzeba zarezerwować z wyprzedzeniem co najmniej 3 dni roboczych."
    assert error.loc == ("body", "payload", "starts_at")
    request(room, rules, at(thursday, 17), at(thursday, 19), now)  # Thursday is the first allowed day


def test_a_weekend_does_not_count_as_notice(room, rules, thursday):
    friday_now = at(thursday + timedelta(days=1), 10)
    next_tuesday = friday_now.date() + timedelta(days=4)
    with pytest.raises(services.TooSoon):
        request(room, rules, at(next_tuesday, 17), at(next_tuesday, 18), friday_now)
    next_wednesday = next_tuesday + timedelta(days=1)
    request(room, rules, at(next_wednesday, 17), at(next_wednesday, 18), friday_now)


def test_at_most_two_months_ahead(room, rules, now, settings):
    far = now.date() + timedelta(days=62)
    error = refusal(room, rules, now, None, day=far)
    assert str(error.message) == "Salę można zarezerwować najwyżej 61 dni naprzód."
    settings.CAS_ROOMS_MAX_DAYS_AHEAD = 70
    request(room, rules, at(far, 17), at(far, 19), now)


def test_no_more_participants_than_the_room_holds(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, participants=21)
    assert str(error.message) == "Ta sala mieści najwyżej 20 osób."
    assert error.loc == ("body", "payload", "participants")


def test_no_commercial_use(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, fees_charged=True)
    assert str(error.message) == (
        "Sale udostępniamy tylko na spotkania bezpłatne dla uczestników; nie na działalność komercyjną."
    )
    assert error.loc == ("body", "payload", "fees_charged")


def test_the_house_rules_in_force_must_be_accepted(room, rules, now, thursday):
    newer = make_house_rules(text="Nowy regulamin")
    error = refusal(room, rules, now, thursday)  # accepted the old version
    assert str(error.message) == f"Zaakceptuj obowiązujący regulamin sal (wersja {newer.version})."
    assert error.loc == ("body", "payload", "house_rules")


def test_published_house_rules_are_frozen(rules):
    rules.text = "Zmieniony"
    with pytest.raises(ValidationError):
        rules.save()


def test_no_requests_before_house_rules_are_published(room, now, thursday):
    future = make_house_rules(published_at=now + timedelta(days=30))
    error = refusal(room, future, now, thursday)
    assert isinstance(error, services.NoHouseRules)


def test_the_end_must_follow_the_start(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, start=(18, 0), end=(17, 0))
    assert str(error.message) == "Koniec spotkania musi być później niż jego początek."
    assert error.loc == ("body", "payload", "ends_at")


def test_unknown_equipment_is_refused(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, equipment={"kserokopiarka": 1})
    assert str(error.message) == "Nie ma takiego sprzętu do wypożyczenia: kserokopiarka."


# --- no double booking -------------------------------------------------------------------------------


def test_an_overlapping_request_is_a_conflict_naming_the_interval(room, rules, now, thursday):
    request(room, rules, at(thursday, 17), at(thursday, 19), now)
    with pytest.raises(services.SlotTaken) as caught:
        request(room, rules, at(thursday, 18), at(thursday, 20), now, contact_email="b@example.org")
    error = caught.value
    assert error.status == 409
    assert str(error.message) == (
        f"Sala jest już zajęta w tym czasie: od {thursday:%Y-%m-%d} 17:00 do {thursday:%Y-%m-%d} 19:00."
    )
    assert RoomBooking.objects.count() == 1


def test_back_to_back_is_fine(room, rules, now, thursday):
    request(room, rules, at(thursday, 17), at(thursday, 19), now)
    request(room, rules, at(thursday, 19), at(thursday, 21), now)
    request(room, rules, at(thursday, 15), at(thursday, 17), now)
    assert RoomBooking.objects.filter(status=BookingStatus.AWAITING_EMAIL).count() == 3


def test_other_rooms_are_independent(room, rules, now, thursday):
    request(room, rules, at(thursday, 17), at(thursday, 19), now)
    request(make_room("Sala mała"), rules, at(thursday, 17), at(thursday, 19), now)
    assert RoomBooking.objects.count() == 2


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.REFUSED])
def test_cancelled_and_refused_bookings_never_block(room, rules, now, thursday, status):
    first = request(room, rules, at(thursday, 17), at(thursday, 19), now).bookings[0]
    RoomBooking.objects.filter(pk=first.pk).update(status=status)
    request(room, rules, at(thursday, 17), at(thursday, 19), now)
    assert RoomBooking.objects.filter(status=BookingStatus.AWAITING_EMAIL).count() == 1


@pytest.mark.parametrize("status", [BookingStatus.REQUESTED, BookingStatus.APPROVED])
def test_confirmed_and_approved_bookings_block_after_the_hold(room, rules, now, thursday, status):
    first = request(room, rules, at(thursday, 17), at(thursday, 19), now).bookings[0]
    RoomBooking.objects.filter(pk=first.pk).update(status=status, hold_expires_at=None)
    with pytest.raises(services.SlotTaken):
        request(room, rules, at(thursday, 17), at(thursday, 19), now + timedelta(hours=2))


def test_an_unconfirmed_request_blocks_until_its_hold_expires(room, rules, now, thursday):
    first = request(room, rules, at(thursday, 17), at(thursday, 19), now).bookings[0]
    with pytest.raises(services.SlotTaken):
        request(room, rules, at(thursday, 17), at(thursday, 19), now + timedelta(minutes=59))

    later = now + timedelta(minutes=61)
    second = request(room, rules, at(thursday, 17), at(thursday, 19), later).bookings[0]

    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED  # released under the room lock
    assert second.status == BookingStatus.AWAITING_EMAIL
    with pytest.raises(services.HoldExpired):
        services.confirm_email(first, now=later)


# --- equipment lent separately ------------------------------------------------------------------------


def test_equipment_is_never_promised_beyond_its_quantity(room, rules, now, thursday):
    make_equipment("krzesla", "Krzesła składane", quantity=2)
    other = make_room("Sala mała")
    request(room, rules, at(thursday, 17), at(thursday, 18), now, equipment={"krzesla": 2})
    request(other, rules, at(thursday, 18), at(thursday, 19), now, equipment={"krzesla": 2})  # back to back

    with pytest.raises(services.EquipmentUnavailable) as caught:
        request(make_room("Sala trzecia"), rules, at(thursday, 17, 30), at(thursday, 18, 30), now,
                equipment={"krzesla": 1})  # fmt: skip
    assert (
        str(caught.value.message)
        == "W tym czasie nie ma tylu sztuk sprzętu „Krzesła składane”: wolnych jest 0."
    )
    assert caught.value.status == 409 and caught.value.loc == ("body", "payload", "equipment")
    assert BookingEquipment.objects.count() == 2


def test_equipment_peak_counts_only_what_is_out_at_the_same_moment(room, rules, now, thursday):
    make_equipment("rzutnik", quantity=2)
    request(room, rules, at(thursday, 10), at(thursday, 12), now, equipment={"rzutnik": 1})
    request(make_room("B"), rules, at(thursday, 14), at(thursday, 16), now, equipment={"rzutnik": 1})
    # 11:00–15:00 overlaps both, but they are never out together: one piece stays free throughout.
    request(make_room("C"), rules, at(thursday, 11), at(thursday, 15), now, equipment={"rzutnik": 1})
    with pytest.raises(services.EquipmentUnavailable):
        request(make_room("D"), rules, at(thursday, 11), at(thursday, 12), now, equipment={"rzutnik": 1})


# --- recurring series -----------------------------------------------------------------------------------


def test_a_series_books_every_free_occurrence_and_lists_each_conflict(room, rules, now, thursday):
    taken = thursday + timedelta(weeks=2)
    request(room, rules, at(taken, 18), at(taken, 20), now, contact_email="inna@example.org")

    result = request(
        room,
        rules,
        at(thursday, 17),
        at(thursday, 19),
        now,
        every="week",
        until=thursday + timedelta(weeks=5),
    )

    assert len(result.bookings) == 5
    assert [s.starts_at for s in result.skipped] == [at(taken, 17)]
    assert str(result.skipped[0].error.message) == (
        f"Sala jest już zajęta w tym czasie: od {taken:%Y-%m-%d} 18:00 do {taken:%Y-%m-%d} 20:00."
    )
    series = result.bookings[0].series
    assert series.reference == result.reference
    assert set(RoomBooking.objects.filter(series=series).values_list("starts_at", flat=True)) == {
        at(thursday + timedelta(weeks=w), 17) for w in (0, 1, 3, 4, 5)
    }


def test_a_fortnightly_series_skips_closed_days_and_keeps_wall_clock_time(room, rules, now, thursday):
    RoomClosedDay.objects.create(room=room, date=thursday + timedelta(weeks=4))
    result = request(
        room,
        rules,
        at(thursday, 17),
        at(thursday, 19),
        now,
        every="fortnight",
        until=thursday + timedelta(weeks=8),
    )
    assert [b.starts_at for b in result.bookings] == [
        at(thursday + timedelta(weeks=w), 17) for w in (0, 2, 6, 8)
    ]
    assert [str(s.error.message) for s in result.skipped] == ["W tym dniu sala jest zamknięta."]


def test_a_series_has_at_most_so_many_occurrences(room, rules, now, thursday):
    error = refusal(room, rules, now, thursday, every="week", until=thursday + timedelta(weeks=26))
    assert str(error.message) == "Cykl może mieć najwyżej 26 spotkań; wybierz wcześniejszą datę końca."
    assert error.loc == ("body", "payload", "repeat", "until")


def test_one_occurrence_is_cancelled_or_moved_without_touching_the_others(room, rules, now, thursday):
    result = request(
        room,
        rules,
        at(thursday, 17),
        at(thursday, 19),
        now,
        every="week",
        until=thursday + timedelta(weeks=3),
    )
    first, second, third, fourth = result.bookings
    services.confirm_email(first, now=now)
    assert set(RoomBooking.objects.values_list("status", flat=True)) == {BookingStatus.REQUESTED}

    services.cancel_occurrence(second, now=now)
    request(
        room,
        rules,
        at(second.starts_at.date(), 17),
        at(second.starts_at.date(), 19),
        now,
        contact_email="inny@example.org",
    )  # fmt: skip  (the freed slot is bookable again)

    moved = services.move_occurrence(
        third, at(third.starts_at.date(), 9), at(third.starts_at.date(), 11), now=now
    )
    assert moved.starts_at == at(third.starts_at.date(), 9)
    with pytest.raises(services.SlotTaken):
        services.move_occurrence(fourth, at(thursday, 18), at(thursday, 20), now=now)  # onto the first

    statuses = dict(RoomBooking.objects.filter(series=first.series).values_list("pk", "status"))
    assert statuses == {
        first.pk: BookingStatus.REQUESTED,
        second.pk: BookingStatus.CANCELLED,
        third.pk: BookingStatus.REQUESTED,
        fourth.pk: BookingStatus.REQUESTED,
    }
    fourth.refresh_from_db()
    assert fourth.starts_at == at(thursday + timedelta(weeks=3), 17)


def test_cancelling_a_series_frees_every_occurrence_still_to_come(room, rules, now, thursday):
    result = request(
        room,
        rules,
        at(thursday, 17),
        at(thursday, 19),
        now,
        every="week",
        until=thursday + timedelta(weeks=2),
    )
    assert services.cancel(result.bookings[1], now=now) == 3
    assert set(RoomBooking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}


# --- staff decisions ------------------------------------------------------------------------------------


def test_staff_approve_refuse_and_mark_no_shows(room, rules, now, thursday, django_user_model):
    staff = django_user_model.objects.create_user("sale", "sale@example.org")
    booking = request(room, rules, at(thursday, 17), at(thursday, 19), now).bookings[0]
    with pytest.raises(services.NotChangeable):
        services.approve(booking, staff, now=now)  # the e-mail is not confirmed yet
    services.confirm_email(booking, now=now)
    approved = services.approve(booking, staff, now=now)
    assert approved.status == BookingStatus.APPROVED and approved.decided_by == staff

    with pytest.raises(services.NoShowTooEarly):
        services.mark_no_show(approved, now=now)
    assert services.mark_no_show(approved, now=at(thursday, 18)).status == BookingStatus.NO_SHOW

    other = request(room, rules, at(thursday, 9), at(thursday, 10), now).bookings[0]
    with pytest.raises(services.RefusalReasonRequired) as caught:
        services.refuse(other, "  ", now=now)
    assert str(caught.value.message) == "Podaj powód odmowy: dostanie go osoba, która prosiła o salę."
    refused = services.refuse(other, "Sala zajęta przez wydarzenie CAS", staff, now=now)
    assert (
        refused.status == BookingStatus.REFUSED
        and refused.refusal_reason == "Sala zajęta przez wydarzenie CAS"
    )


# --- public reads -----------------------------------------------------------------------------------------


def test_busy_intervals_are_merged_and_anonymous(room, rules, now, thursday):
    request(room, rules, at(thursday, 10), at(thursday, 12), now)
    request(room, rules, at(thursday, 12), at(thursday, 13), now)
    request(room, rules, at(thursday, 17), at(thursday, 19), now)
    cancelled = request(room, rules, at(thursday, 20), at(thursday, 21), now).bookings[0]
    services.cancel(cancelled, now=now)

    busy = services.busy_intervals(room, at(thursday, 0), at(thursday, 23), now=now)
    assert busy == [(at(thursday, 10), at(thursday, 13)), (at(thursday, 17), at(thursday, 19))]


def test_availability_ranges_are_bounded(room, now):
    with pytest.raises(services.BadRange):
        services.busy_intervals(room, now, now - timedelta(hours=1), now=now)
    with pytest.raises(services.BadRange):
        services.busy_intervals(room, now, now + timedelta(days=63), now=now)


def test_public_meetings_are_approved_ones_with_a_public_title(room, rules, now, thursday):
    open_meeting = request(
        room, rules, at(thursday, 17), at(thursday, 19), now, public_title="Wieczór gier"
    ).bookings[0]
    private = request(room, rules, at(thursday, 10), at(thursday, 11), now).bookings[0]
    unapproved = request(
        room, rules, at(thursday, 12), at(thursday, 13), now, public_title="Jeszcze nie"
    ).bookings[0]
    for booking in (open_meeting, private, unapproved):
        services.confirm_email(booking, now=now)
    services.approve(open_meeting, now=now)
    services.approve(private, now=now)
    assert list(services.public_meetings(now=now)) == [open_meeting]
    assert list(services.public_meetings(now=at(thursday, 20))) == []  # over


def test_occurrences_keep_their_wall_clock_time_across_the_change_of_time():
    from datetime import UTC, date

    from django.utils import timezone

    first = date(2026, 10, 15)  # summer time; the clocks go back on 25 October
    result = services.occurrences(at(first, 17), at(first, 19), "week", date(2026, 10, 29))
    assert [timezone.localtime(begins).strftime("%m-%d %H:%M") for begins, _ in result] == [
        "10-15 17:00",
        "10-22 17:00",
        "10-29 17:00",
    ]
    utc = [begins.astimezone(UTC) for begins, _ in result]
    assert utc[2] - utc[1] == timedelta(days=7, hours=1)  # the real week is an hour longer
    with pytest.raises(services.SeriesEndsTooEarly):
        services.occurrences(at(first, 17), at(first, 19), "week", None)


def test_public_holidays_do_not_count_as_notice(room):
    """Asked on Thursday 2 April 2026: Friday counts, the weekend and Easter Monday (6 April) do
    not, so Tuesday 7 April is too soon and Wednesday 8 April is the first day."""
    from datetime import date, datetime

    from django.utils import timezone

    rules = make_house_rules(published_at=timezone.make_aware(datetime(2026, 1, 1)))
    asked = at(date(2026, 4, 2), 10)
    with pytest.raises(services.TooSoon) as caught:
        request(room, rules, at(date(2026, 4, 7), 17), at(date(2026, 4, 7), 19), asked)
    assert str(caught.value.message) == (
        "Salę trzeba zarezerwować z wyprzedzeniem co najmniej 3 dni roboczych."
    )
    request(room, rules, at(date(2026, 4, 8), 17), at(date(2026, 4, 8), 19), asked)
    assert services.earliest_date(date(2026, 4, 2)) == date(2026, 4, 8)
