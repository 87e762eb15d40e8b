"""The booking rules hold for any sequence of bookings, cancellations, guardian consents and expiries.

A Hypothesis state machine drives the real services on the test database and
keeps a small model of what should happen; after every step the database must
agree with the model and with the invariants: seat holders never exceed capacity,
the waiting list moves up in order, one active booking per person, counts match rows.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from campaigns.workshops import services
from campaigns.workshops.choices import ACTIVE, SEAT_HOLDING, BookingStatus, LinkPurpose
from campaigns.workshops.models import GUARDIAN_HOLD, Booking, WorkshopSession
from cas_site.errors import TokenGone
from home import links

pytestmark = pytest.mark.django_db

PEOPLE = [f"osoba{n}@example.org" for n in range(8)]
MINORS = set(PEOPLE[::3])  # under 16: their seat is held until a guardian agrees
DAYS_AHEAD = 30
#: Deterministic in CI: the same examples every run, no per-example deadline (database work).
MACHINE_SETTINGS = settings(
    max_examples=50,
    stateful_step_count=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def run_booking_machine(page):
    start = timezone.now().replace(microsecond=0)
    starts_at = start + timedelta(days=DAYS_AHEAD)

    class BookingMachine(RuleBasedStateMachine):
        """Model: ``holders`` (person → status, hold expiry) and ``queue`` (people in waiting order)."""

        @initialize(capacity=st.integers(1, 3), waiting_list=st.booleans())
        def new_session(self, capacity, waiting_list):
            self.session = WorkshopSession.objects.create(
                page=page,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                capacity=capacity,
                waiting_list_enabled=waiting_list,
            )
            self.now = start
            self.holders = {}  # person → [status, hold_expires_at]
            self.queue = []
            self.guardian_agreed = set()  # consent given while on the waiting list

        # --- the model --------------------------------------------------------------------------

        def seat_status(self, person):
            if person in MINORS and person not in self.guardian_agreed:
                return [BookingStatus.AWAITING_GUARDIAN, self.now + GUARDIAN_HOLD]
            return [BookingStatus.CONFIRMED, None]

        def promote(self):
            while self.queue and len(self.holders) < self.session.capacity:
                person = self.queue.pop(0)
                self.holders[person] = self.seat_status(person)

        def active(self, person):
            return person in self.holders or person in self.queue

        def booking(self, person):
            return Booking.objects.get(session=self.session, email=person, status__in=ACTIVE)

        def forget(self, person):
            self.holders.pop(person, None)
            if person in self.queue:
                self.queue.remove(person)
            self.guardian_agreed.discard(person)

        # --- the rules ----------------------------------------------------------------------------

        @rule(person=st.sampled_from(PEOPLE))
        def book(self, person):
            minor = person in MINORS
            year = timezone.localtime(starts_at).year - (14 if minor else 30)
            try:
                result = services.book_seat(
                    self.session.pk,
                    name="Osoba Testowa",
                    email=person,
                    birth_year=year,
                    guardian_email="opiekun@example.org" if minor else "",
                    terms=True,
                    now=self.now,
                )
            except services.AlreadyBooked:
                assert self.active(person)
                return
            except services.SessionFull:
                assert len(self.holders) == self.session.capacity and not self.session.waiting_list_enabled
                return
            assert not self.active(person)
            # The booker confirms at once (unconfirmed holds: test_seat_squatting.py).
            token = links.issue(result.booking, LinkPurpose.EMAIL, expires_at=starts_at)
            result.booking = services.confirm_email(token, now=self.now)
            if len(self.holders) < self.session.capacity:
                self.holders[person] = self.seat_status(person)
            else:
                self.queue.append(person)
                assert result.position == len(self.queue)
            assert result.booking.status == self.status_of(person)

        @rule(people=st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=6))
        def a_crowd_books(self, people):
            for person in people:
                self.book(person)

        @rule(person=st.sampled_from(PEOPLE))
        def cancel(self, person):
            if not self.active(person):
                return
            token = links.issue(self.booking(person), LinkPurpose.CANCEL, expires_at=starts_at)
            services.cancel_booking(token, now=self.now)
            self.forget(person)
            self.promote()
            with pytest.raises(TokenGone):  # a cancel link works once
                services.cancel_booking(token, now=self.now)

        @rule(person=st.sampled_from(sorted(MINORS)))
        def guardian_agrees(self, person):
            if not self.active(person):
                return
            booking = self.booking(person)
            # The e-mailed link lasts as long as the hold (or until the session for the queue).
            expires = min(booking.hold_expires_at or starts_at, starts_at)
            token = links.issue(booking, LinkPurpose.GUARDIAN, expires_at=expires)
            if expires <= self.now:
                with pytest.raises(TokenGone):
                    services.confirm_guardian(token, now=self.now)
                return
            if person in self.holders and self.holders[person][0] == BookingStatus.CONFIRMED:
                with pytest.raises(TokenGone):  # nothing left to agree to
                    services.confirm_guardian(token, now=self.now)
                return
            services.confirm_guardian(token, now=self.now)
            if person in self.holders:
                self.holders[person] = [BookingStatus.CONFIRMED, None]
            else:
                self.guardian_agreed.add(person)

        @precondition(lambda self: self.now + timedelta(hours=72) < starts_at)
        @rule(hours=st.sampled_from([1, 24, 47, 49, 72]))
        def time_passes_and_holds_expire(self, hours):
            self.now += timedelta(hours=hours)
            released = services.release_expired_holds(now=self.now)
            expired = [
                person
                for person, (status, until) in self.holders.items()
                if status == BookingStatus.AWAITING_GUARDIAN and until <= self.now
            ]
            for person in expired:
                self.forget(person)
            self.promote()
            assert released >= len(expired)  # other examples' sessions may expire here too

        # --- the invariants -----------------------------------------------------------------------

        def status_of(self, person):
            if person in self.holders:
                return self.holders[person][0]
            return BookingStatus.WAITING_LIST if person in self.queue else None

        @invariant()
        def database_matches_the_model(self):
            if not hasattr(self, "session"):
                return
            rows = Booking.objects.filter(session=self.session, status__in=ACTIVE)
            assert {b.email: b.status for b in rows} == {
                p: self.status_of(p) for p in PEOPLE if self.active(p)
            }
            for booking in rows.filter(status=BookingStatus.AWAITING_GUARDIAN):
                assert booking.hold_expires_at == self.holders[booking.email][1]

        @invariant()
        def seats_are_never_overbooked_and_counts_match_rows(self):
            if not hasattr(self, "session"):
                return
            session = WorkshopSession.objects.with_seats().get(pk=self.session.pk)
            holding = Booking.objects.filter(session=session, status__in=SEAT_HOLDING).count()
            waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING_LIST)
            assert session.seats_taken == holding <= session.capacity
            assert session.waiting_count == waiting.count()
            assert session.seats_left() == session.capacity - holding
            if waiting.exists():  # nobody waits while a seat is free
                assert holding == session.capacity

        @invariant()
        def waiting_list_is_in_arrival_order(self):
            if not hasattr(self, "session"):
                return
            waiting = Booking.objects.filter(session=self.session, status=BookingStatus.WAITING_LIST)
            ordered = list(waiting.order_by("queued_at", "id"))
            assert [b.email for b in ordered] == self.queue
            assert [b.waiting_position() for b in ordered] == list(range(1, len(ordered) + 1))

        @invariant()
        def one_active_booking_per_person(self):
            if not hasattr(self, "session"):
                return
            emails = list(
                Booking.objects.filter(session=self.session, status__in=ACTIVE).values_list(
                    "email", flat=True
                )
            )
            assert len(emails) == len(set(emails))

    run_state_machine_as_test(BookingMachine, settings=MACHINE_SETTINGS)


def test_booking_rules_hold_for_any_sequence_of_actions(make_session):
    page = make_session().page
    run_booking_machine(page)
