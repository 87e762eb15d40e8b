"""The booking rules: seats, waiting lists, guardian holds, cancellations and reminders.

Invariant: for every session, the bookings holding a seat (``SEAT_HOLDING``) never
outnumber ``capacity``. Every function that adds a seat holder first locks the
session row (``home.locking.lock_row``) once per transaction and counts people under
that lock, so concurrent requests for the same session queue up instead of racing.

Nobody holds a seat for long on an address nobody has confirmed: a new booking waits
``CAS_BOOKING_EMAIL_HOLD_MINUTES`` for its booker's e-mail link (``confirm_email``);
only then is a minor's guardian asked (48 h) and an adult's seat confirmed. One client
address holds at most ``CAS_BOOKING_UNCONFIRMED_PER_CLIENT`` unconfirmed bookings per session.

What a refusal says never depends on someone else's booking, except the final
``AlreadyBooked`` of an otherwise valid request: every other rule is checked first.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from campaigns.workshops.choices import ACTIVE, SEAT_HOLDING, STILL_ACTIVE, BookingStatus, LinkPurpose
from campaigns.workshops.models import GUARDIAN_HOLD, Booking, WorkshopSession
from cas_site.errors import Conflict, DomainError, NotFound, RateLimited
from home import links, outbox
from home.locking import lock_row
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


class TooManyUnconfirmed(RateLimited):
    """One client already holds as many unconfirmed bookings in this session as it may."""

    message = _(
        "Z tego urządzenia są już niepotwierdzone zapisy na ten termin. Potwierdź je linkiem z e-maila "
        "albo spróbuj ponownie później."
    )


class InvalidAttendance(DomainError):
    message = _("Obecność można zaznaczyć tylko przy potwierdzonych zapisach.")


# --- e-mails and links ------------------------------------------------------------


def queue_booking_email(booking, kind):
    """Queue the e-mail of ``kind`` about ``booking`` (``campaigns.workshops.emails`` renders it)."""
    to = booking.guardian_email if kind == "guardian_request" else booking.email
    return outbox.queue(f"workshops.{kind}", to, about=booking, language=booking.language)


def _lock_session_of(booking_id):
    session_id = Booking.objects.filter(pk=booking_id).values_list("session_id", flat=True).first()
    return _lock_session(session_id)


def _lock_session(session_id):
    try:
        # of=("self",): lock only the session row, not the joined page rows (editors keep publishing).
        return lock_row(WorkshopSession.objects, of=("self",)).select_related("page").get(pk=session_id)
    except WorkshopSession.DoesNotExist:
        raise SessionNotFound() from None


def _seats_taken(session):
    return session.bookings.filter(status__in=SEAT_HOLDING).count()


def email_hold() -> timedelta:
    """How long a booking waits for its booker to confirm the e-mail address."""
    return timedelta(minutes=settings.CAS_BOOKING_EMAIL_HOLD_MINUTES)


def client_key(address: str) -> str:
    """A keyed hash of a client address (the address itself is never stored); "" for no address."""
    if not address:
        return ""
    return salted_hmac("cas.workshops.booking-client", address).hexdigest()


#: Bookings nobody has confirmed yet: they expire after ``email_hold()``.
UNCONFIRMED = [BookingStatus.AWAITING_EMAIL, BookingStatus.WAITING_LIST]



def _check_client_allowance(session, key, now):
    """Refuse a client that already holds its share of unconfirmed bookings in ``session``."""
    limit = settings.CAS_BOOKING_UNCONFIRMED_PER_CLIENT
    if not key or limit <= 0:
        return
    held = list(
        session.bookings.filter(
            client_key=key, status__in=UNCONFIRMED, email_confirmed_at__isnull=True
        ).values_list("hold_expires_at", flat=True)
    )
    if len(held) >= limit:
        soonest = min((h for h in held if h), default=now + email_hold())
        raise TooManyUnconfirmed(max(1, int((soonest - now).total_seconds())))


# --- booking ------------------------------------------------------------------


@dataclass
class BookingResult:
    booking: Booking
    position: int | None = None


def _holds_seat_status(booking, now):
    """The status a booking gets when it receives a seat: first the booker's e-mail (short hold),
    then a minor's guardian (long hold), then confirmed."""
    if booking.email_confirmed_at is None:
        booking.hold_expires_at = now + email_hold()
        return BookingStatus.AWAITING_EMAIL
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
    client="",
    now=None,
) -> BookingResult:
    """Book a seat in a session, or a place on its waiting list when it is full.

    ``client`` is the client address as the rate limiter sees it; the booking waits for
    its e-mail to be confirmed either way (``confirm_email``).
    """
    now = now or timezone.now()
    email = email.strip().lower()
    guardian_email = (guardian_email or "").strip().lower()
    if not terms:
        raise TermsRequired()
    key = client_key(client)
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
            client_key=key,
        )
        if booking.needs_guardian and (not guardian_email or guardian_email == email):
            raise GuardianRequired()
        if not booking.needs_guardian:
            booking.guardian_email = ""
        _release_expired(session, now)
        _check_client_allowance(session, key, now)
        if _seats_taken(session) < session.capacity:
            booking.status = _holds_seat_status(booking, now)
        elif session.waiting_list_enabled:
            booking.status = BookingStatus.WAITING_LIST
            booking.hold_expires_at = now + email_hold()  # an unconfirmed place in the queue expires too
        else:
            raise SessionFull()
        # Last, so that no other answer depends on whether this address has a booking.
        if session.bookings.filter(email=email, status__in=ACTIVE).exists():
            raise AlreadyBooked()
        booking.reference = next_reference()
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:  # the partial unique index caught a duplicate
            raise AlreadyBooked() from None
        queue_booking_email(booking, "confirm_email")
    return BookingResult(booking, booking.waiting_position())


def confirm_email(token, *, now=None) -> Booking:
    """The booker confirms the address: the seat moves on to the guardian or is confirmed;
    a waiting-list place stays queued (without expiry). The usual e-mails go out now."""

    now = now or timezone.now()
    with transaction.atomic():
        booking = links.redeem(
            token,
            LinkPurpose.EMAIL,
            Booking,
            before=_lock_session_of,
            usable=lambda b: b.status in UNCONFIRMED and b.email_confirmed_at is None,
            now=now,
        )
        booking.email_confirmed_at = now
        booking.client_key = ""
        if booking.status == BookingStatus.AWAITING_EMAIL:
            booking.status = _holds_seat_status(booking, now)
        else:
            booking.hold_expires_at = None
        booking.save(update_fields=["email_confirmed_at", "client_key", "status", "hold_expires_at"])
        links.revoke(booking, LinkPurpose.EMAIL, now=now)
        _notify_new_booking(booking)
    return booking


def _notify_new_booking(booking):
    kind = {
        BookingStatus.CONFIRMED: "confirmed",
        BookingStatus.WAITING_LIST: "waiting_list",
        BookingStatus.AWAITING_GUARDIAN: "awaiting_guardian",
    }[booking.status]
    queue_booking_email(booking, kind)
    if booking.guardian_email and booking.guardian_confirmed_at is None:
        queue_booking_email(booking, "guardian_request")


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
        if booking.status == BookingStatus.AWAITING_EMAIL:  # never confirmed: ask for that first
            queue_booking_email(booking, "confirm_email")
            continue
        queue_booking_email(booking, "promoted")
        if booking.status == BookingStatus.AWAITING_GUARDIAN:
            queue_booking_email(booking, "guardian_request")
    return promoted


def cancel_booking(token, *, now=None) -> Booking:
    """Cancel the booking of a cancel link, free its seat and promote the waiting list."""

    now = now or timezone.now()
    with transaction.atomic():
        locked = {}
        booking = links.redeem(
            token,
            LinkPurpose.CANCEL,
            Booking,
            before=lambda pk: locked.setdefault("session", _lock_session_of(pk)),
            usable=lambda b: b.status in STILL_ACTIVE,
            now=now,
        )
        session = locked["session"]
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.hold_expires_at = None
        booking.client_key = ""
        booking.save(update_fields=["status", "cancelled_at", "hold_expires_at", "client_key"])
        links.revoke(booking, now=now)
        queue_booking_email(booking, "cancelled")
        _promote_waiting(session, now)
    return booking


def confirm_guardian(token, *, now=None) -> Booking:
    """The guardian agrees: a held seat becomes confirmed; a waiting-list place stays queued."""

    def on_confirmed(booking, now):
        fields = ["guardian_confirmed_at"]
        if booking.status == BookingStatus.AWAITING_GUARDIAN:
            booking.status = BookingStatus.CONFIRMED
            booking.hold_expires_at = None
            fields += ["status", "hold_expires_at"]
            queue_booking_email(booking, "confirmed")
        booking.save(update_fields=fields)

    return links.confirm_guardian(
        token,
        LinkPurpose.GUARDIAN,
        Booking,
        waiting=lambda b: b.status in (BookingStatus.AWAITING_GUARDIAN, BookingStatus.WAITING_LIST),
        on_confirmed=on_confirmed,
        before=_lock_session_of,
        now=now or timezone.now(),
    )


def _expired(now):
    """Seats held for a guardian or an e-mail confirmation past their time, and unconfirmed
    waiting-list places past theirs."""
    return Booking.objects.filter(hold_expires_at__lte=now).filter(
        Q(status=BookingStatus.AWAITING_GUARDIAN)
        | Q(status__in=UNCONFIRMED, email_confirmed_at__isnull=True)
    )


def _release_expired(session, now):
    """Cancel the expired holds of a session (caller holds its lock); promote the queue."""
    released = 0
    for booking in _expired(now).filter(session_id=session.pk):
        unconfirmed = booking.email_confirmed_at is None
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.client_key = ""
        booking.save(update_fields=["status", "cancelled_at", "client_key"])
        links.revoke(booking, now=now)
        if not unconfirmed:  # nobody ever confirmed the address: no more mail to it
            queue_booking_email(booking, "hold_expired")
        released += 1
    if released:
        _promote_waiting(session, now)
    return released


def release_expired_holds(*, now=None) -> int:
    """Cancel seats whose guardian or booker did not confirm in time; promote the queue.

    Booking a seat releases its session's expired holds too, so this (cron) only tidies up.
    """

    now = now or timezone.now()
    released = 0
    for session_id in set(_expired(now).values_list("session_id", flat=True)):
        with transaction.atomic():
            released += _release_expired(_lock_session(session_id), now)
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
                queue_booking_email(Booking.objects.get(pk=pk), "reminder")
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
