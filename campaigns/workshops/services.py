"""The booking rules: seats, waiting lists, guardian holds, cancellations and reminders.

Invariant: for every session, the bookings holding a seat (``SEAT_HOLDING``) never
outnumber ``capacity``. Every function that adds a seat holder first locks the
session row (``select_for_update``) once per transaction and counts people under
that lock, so concurrent requests for the same session queue up instead of racing.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.workshops.choices import ACTIVE, SEAT_HOLDING, BookingStatus, TokenPurpose
from campaigns.workshops.emails import queue_booking_email
from campaigns.workshops.models import GUARDIAN_HOLD, Booking, BookingToken, WorkshopSession
from cas_site.errors import Conflict, DomainError, NotFound, TokenGone
from home.services import next_reference


class SessionNotFound(NotFound):
    message = _("Nie ma takiego terminu warsztatów.")
    loc = ("body", "payload", "session")


class RegistrationClosed(DomainError):
    message = _("Zapisy na ten termin są zamknięte.")
    loc = ("body", "payload", "session")


class SessionCancelled(RegistrationClosed):
    message = _("Ten termin został odwołany.")


class AgeOutOfRange(DomainError):
    message = _("Ten warsztat jest dla osób w innym wieku (sprawdź przedział wieku w opisie).")
    loc = ("body", "payload", "birth_year")


class GuardianRequired(DomainError):
    message = _("Osoby poniżej 16 lat muszą podać adres e-mail opiekuna prawnego (inny niż własny).")
    loc = ("body", "payload", "guardian_email")


class TermsRequired(DomainError):
    message = _("Aby się zapisać, zaakceptuj regulamin warsztatów.")
    loc = ("body", "payload", "consents", "terms")


class AlreadyBooked(Conflict):
    message = _("Ten adres e-mail jest już zapisany na ten termin.")


class SessionFull(Conflict):
    message = _("Brak wolnych miejsc, a lista rezerwowa na ten termin jest zamknięta.")


class InvalidAttendance(DomainError):
    message = _("Obecność można zaznaczyć tylko przy potwierdzonych zapisach.")


# --- tokens -----------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(booking, purpose, expires_at) -> str:
    """Create a random link token (256 bits) for ``purpose``; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    BookingToken.objects.create(
        booking=booking, purpose=purpose, token_hash=hash_token(raw), expires_at=expires_at
    )
    return raw


def _usable_token(raw, purpose, now):
    """The unused, unexpired token row for ``raw`` (locked), or ``TokenGone``."""
    token = (
        BookingToken.objects.select_for_update()
        .filter(token_hash=hash_token(raw or ""), purpose=purpose)
        .first()
    )
    if token is None or token.used_at is not None or token.expires_at <= now:
        raise TokenGone()
    return token


def _lock_session(session_id):
    try:
        # of=("self",): lock only the session row, not the joined page rows (editors keep publishing).
        return (
            WorkshopSession.objects.select_for_update(of=("self",)).select_related("page").get(pk=session_id)
        )
    except WorkshopSession.DoesNotExist:
        raise SessionNotFound() from None


def _seats_taken(session):
    return session.bookings.filter(status__in=SEAT_HOLDING).count()


# --- booking ------------------------------------------------------------------


@dataclass
class BookingResult:
    booking: Booking
    position: int | None = None


def _holds_seat_status(booking, now):
    """The status a booking gets when it receives a seat: minors wait for their guardian."""
    if booking.needs_guardian and booking.guardian_confirmed_at is None:
        booking.hold_expires_at = now + GUARDIAN_HOLD
        return BookingStatus.AWAITING_GUARDIAN
    booking.hold_expires_at = None
    return BookingStatus.CONFIRMED


def book_seat(
    session_id,
    *,
    name,
    email,
    birth_year,
    terms=False,
    phone="",
    guardian_email="",
    language="pl",
    now=None,
) -> BookingResult:
    """Book a seat in a session, or a place on its waiting list when it is full."""
    now = now or timezone.now()
    email = email.strip().lower()
    guardian_email = (guardian_email or "").strip().lower()
    if not terms:
        raise TermsRequired()
    with transaction.atomic():
        session = _lock_session(session_id)  # the one lock that serialises this session's seats
        if not session.page.live:
            raise SessionNotFound()
        if session.cancelled:
            raise SessionCancelled()
        if not session.registration_is_open(now):
            raise RegistrationClosed()
        if not session.age_fits(birth_year):
            raise AgeOutOfRange()
        if session.bookings.filter(email=email, status__in=ACTIVE).exists():
            raise AlreadyBooked()
        booking = Booking(
            session=session,
            name=name.strip(),
            email=email,
            phone=(phone or "").strip(),
            birth_year=birth_year,
            guardian_email=guardian_email,
            language=language or "pl",
            terms_accepted_at=now,
            created_at=now,
            queued_at=now,
        )
        if booking.needs_guardian and (not guardian_email or guardian_email == email):
            raise GuardianRequired()
        if not booking.needs_guardian:
            booking.guardian_email = ""
        if _seats_taken(session) < session.capacity:
            booking.status = _holds_seat_status(booking, now)
        elif session.waiting_list_enabled:
            booking.status = BookingStatus.WAITING_LIST
        else:
            raise SessionFull()
        booking.reference = next_reference()
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:  # the partial unique index caught a duplicate
            raise AlreadyBooked() from None
        _notify_new_booking(booking)
    return BookingResult(booking, booking.waiting_position())


def _notify_new_booking(booking):
    kind = {
        BookingStatus.CONFIRMED: "confirmed",
        BookingStatus.WAITING_LIST: "waiting_list",
        BookingStatus.AWAITING_GUARDIAN: "awaiting_guardian",
    }[booking.status]
    queue_booking_email(booking.pk, kind)
    if booking.guardian_email and booking.guardian_confirmed_at is None:
        queue_booking_email(booking.pk, "guardian_request")


def _promote_waiting(session, now):
    """Give free seats to the waiting list in order (caller holds the session lock)."""

    if session.cancelled or session.starts_at <= now:
        return []
    free = session.capacity - _seats_taken(session)
    if free <= 0:
        return []
    promoted = list(
        session.bookings.filter(status=BookingStatus.WAITING_LIST).order_by("queued_at", "id")[:free]
    )
    for booking in promoted:
        booking.session = session
        booking.status = _holds_seat_status(booking, now)
        booking.save(update_fields=["status", "hold_expires_at"])
        queue_booking_email(booking.pk, "promoted")
        if booking.status == BookingStatus.AWAITING_GUARDIAN:
            queue_booking_email(booking.pk, "guardian_request")
    return promoted


def cancel_booking(token, *, now=None) -> Booking:
    """Cancel the booking of a cancel link, free its seat and promote the waiting list."""

    now = now or timezone.now()
    with transaction.atomic():
        found = BookingToken.objects.filter(token_hash=hash_token(token or ""), purpose=TokenPurpose.CANCEL)
        session_id = found.values_list("booking__session_id", flat=True).first()
        if session_id is None:
            raise TokenGone()
        session = _lock_session(session_id)
        row = _usable_token(token, TokenPurpose.CANCEL, now)
        booking = Booking.objects.get(pk=row.booking_id)
        if booking.status not in (
            BookingStatus.CONFIRMED,
            BookingStatus.WAITING_LIST,
            BookingStatus.AWAITING_GUARDIAN,
        ):
            raise TokenGone()
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.hold_expires_at = None
        booking.save(update_fields=["status", "cancelled_at", "hold_expires_at"])
        booking.tokens.filter(used_at__isnull=True).update(used_at=now)
        queue_booking_email(booking.pk, "cancelled")
        _promote_waiting(session, now)
    return booking


def confirm_guardian(token, *, now=None) -> Booking:
    """The guardian agrees: a held seat becomes confirmed; a waiting-list place stays queued."""

    now = now or timezone.now()
    with transaction.atomic():
        found = BookingToken.objects.filter(token_hash=hash_token(token or ""), purpose=TokenPurpose.GUARDIAN)
        session_id = found.values_list("booking__session_id", flat=True).first()
        if session_id is None:
            raise TokenGone()
        _lock_session(session_id)
        row = _usable_token(token, TokenPurpose.GUARDIAN, now)
        booking = Booking.objects.get(pk=row.booking_id)
        if booking.status not in (BookingStatus.AWAITING_GUARDIAN, BookingStatus.WAITING_LIST):
            raise TokenGone()
        booking.guardian_confirmed_at = now
        fields = ["guardian_confirmed_at"]
        if booking.status == BookingStatus.AWAITING_GUARDIAN:
            booking.status = BookingStatus.CONFIRMED
            booking.hold_expires_at = None
            fields += ["status", "hold_expires_at"]
            queue_booking_email(booking.pk, "confirmed")
        booking.save(update_fields=fields)
        booking.tokens.filter(purpose=TokenPurpose.GUARDIAN, used_at__isnull=True).update(used_at=now)
    return booking


def release_expired_holds(*, now=None) -> int:
    """Cancel seats held for minors whose guardian did not confirm in time; promote the queue."""

    now = now or timezone.now()
    expired = Booking.objects.filter(status=BookingStatus.AWAITING_GUARDIAN, hold_expires_at__lte=now)
    released = 0
    for session_id in set(expired.values_list("session_id", flat=True)):
        with transaction.atomic():
            session = _lock_session(session_id)
            for booking in expired.filter(session_id=session_id):
                booking.status = BookingStatus.CANCELLED
                booking.cancelled_at = now
                booking.save(update_fields=["status", "cancelled_at"])
                booking.tokens.filter(used_at__isnull=True).update(used_at=now)
                queue_booking_email(booking.pk, "hold_expired")
                released += 1
            _promote_waiting(session, now)
    return released


REMINDER_BEFORE = timedelta(hours=24)


def send_workshop_reminders(*, now=None) -> int:
    """E-mail confirmed participants of sessions starting within 24 h, once each."""

    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__cancelled=False,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional UPDATE makes a second (or concurrent) run skip this booking.
            claimed = Booking.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                queue_booking_email(pk, "reminder")
                sent += 1
    return sent


def mark_attendance(booking_ids, status) -> int:
    """Mark confirmed bookings as attended or no-show (staff, after or during the session)."""
    if status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.CONFIRMED):
        raise InvalidAttendance()
    return Booking.objects.filter(
        pk__in=list(booking_ids),
        status__in=[BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW],
    ).update(status=status)
