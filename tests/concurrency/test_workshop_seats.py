"""Seats under real concurrency: threads with their own PostgreSQL connections race for seats.

``CAS_CONCURRENCY_ROUNDS`` (default 5) sets how many rounds each race runs.
"""

import os

import pytest

from campaigns.workshops import services
from campaigns.workshops.choices import SEAT_HOLDING, BookingStatus, LinkPurpose
from campaigns.workshops.models import Booking
from home import links
from home.locking import without_locks
from tests.concurrency import race
from tests.factories import make_booking

pytestmark = pytest.mark.slow

ROUNDS = int(os.environ.get("CAS_CONCURRENCY_ROUNDS", "5"))


def prefill(session, count, status=BookingStatus.CONFIRMED, prefix="stala"):
    for i in range(count):
        make_booking(session, f"{prefix}{i}@example.org", status=status)


def counts(session):
    bookings = Booking.objects.filter(session=session)
    return (
        bookings.filter(status__in=SEAT_HOLDING).count(),
        bookings.filter(status=BookingStatus.WAITING_LIST).count(),
    )


def book(session, email):
    return services.book_seat(session.pk, name="Uczestnik Wyścigu", email=email, birth_year=1995, terms=True)


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_fifty_clients_race_for_the_last_five_seats(make_session, round_number):
    session = make_session(capacity=15)
    prefill(session, 10)
    results, errors = race(50, lambda i: book(session, f"r{round_number}-{i}@example.org").booking.status)
    assert errors == []
    assert results.count(BookingStatus.AWAITING_EMAIL) == 5  # the winners hold a seat until they confirm
    assert results.count(BookingStatus.WAITING_LIST) == 45
    assert counts(session) == (15, 45)


def test_control_without_the_lock_the_race_overbooks(make_session):
    """The same race through the real ``book_seat`` with its session lock switched off."""
    overbooked_rounds = 0
    for round_number in range(max(ROUNDS, 3)):
        session = make_session(capacity=15)
        prefill(session, 10)
        with without_locks():
            _results, errors = race(
                50, lambda i, s=session, r=round_number: book(s, f"u{r}-{i}@example.org").booking.status
            )
        assert errors == []
        held, _waiting = counts(session)
        overbooked_rounds += held > session.capacity
    assert overbooked_rounds >= 1, "the unlocked variant never overbooked: the control proves nothing"


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_ten_identical_submissions_give_one_booking(make_session, round_number):
    session = make_session(capacity=5)
    results, errors = race(10, lambda i: book(session, "ta-sama@example.org").booking.pk)
    assert len([r for r in results if r]) == 1
    assert len(errors) == 9
    assert all(isinstance(e, services.AlreadyBooked) for e in errors)
    assert Booking.objects.filter(session=session).count() == 1


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_cancel_and_promote_racing_new_bookings_never_exceeds_capacity(make_session, round_number):
    capacity = 5
    session = make_session(capacity=capacity)
    tokens = []
    for i in range(capacity):
        booking = book(session, f"miejsce{i}@example.org").booking
        tokens.append(links.issue(booking, LinkPurpose.CANCEL, expires_at=session.starts_at))
    prefill(session, 10, status=BookingStatus.WAITING_LIST, prefix="rezerwa")

    def act(i):
        if i < len(tokens):
            return services.cancel_booking(tokens[i]).status
        return book(session, f"nowy{round_number}-{i}@example.org").booking.status

    results, errors = race(30, act)
    assert errors == []
    assert results[:capacity] == [BookingStatus.CANCELLED] * capacity
    held, waiting = counts(session)
    assert held == capacity  # never more; and no seat stays free while people wait
    assert waiting == 10 + 25 - capacity
