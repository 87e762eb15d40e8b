"""Seats under real concurrency: threads with their own PostgreSQL connections race for seats.

``CAS_CONCURRENCY_ROUNDS`` (default 5) sets how many rounds each race runs.
"""

import os
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from campaigns.workshops import services
from campaigns.workshops.choices import SEAT_HOLDING, BookingStatus, LinkPurpose
from campaigns.workshops.models import Booking, WorkshopSession
from home import links

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL row locks (CI runs on PostgreSQL)",
    ),
    # serialized_rollback keeps the migration data (root page, groups) for the tests after these.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = int(os.environ.get("CAS_CONCURRENCY_ROUNDS", "5"))


def race(count, target):
    """Run ``target(i)`` in ``count`` threads released together; return results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(i):
        try:
            close_old_connections()
            barrier.wait(timeout=60)
            results[i] = target(i)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def prefill(session, count, status=BookingStatus.CONFIRMED, prefix="stala"):
    now = timezone.now()
    Booking.objects.bulk_create(
        Booking(
            session=session,
            reference=f"PRE-{uuid.uuid4().hex[:12]}",
            status=status,
            name="Osoba Zapisana",
            email=f"{prefix}{i}@example.org",
            birth_year=1990,
            terms_accepted_at=now,
            queued_at=now + timedelta(microseconds=i),
        )
        for i in range(count)
    )


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


def unlocked_book(session_id, email):
    """The same counting rule WITHOUT the row lock: what book_seat() would be without it."""
    with transaction.atomic():
        session = WorkshopSession.objects.get(pk=session_id)
        taken = Booking.objects.filter(session_id=session_id, status__in=SEAT_HOLDING).count()
        time.sleep(0.01)  # widen the window between reading and writing, as a slow request would
        status = BookingStatus.CONFIRMED if taken < session.capacity else BookingStatus.WAITING_LIST
        Booking.objects.create(
            session_id=session_id,
            reference=f"RACE-{uuid.uuid4().hex[:12]}",
            status=status,
            name="Bez blokady",
            email=email,
            birth_year=1995,
            terms_accepted_at=timezone.now(),
        )
    return status


def test_control_without_the_lock_the_race_overbooks(make_session):
    overbooked_rounds = 0
    for round_number in range(max(ROUNDS, 3)):
        session = make_session(capacity=15)
        prefill(session, 10)
        _results, errors = race(
            50, lambda i, s=session, r=round_number: unlocked_book(s.pk, f"u{r}-{i}@example.org")
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
