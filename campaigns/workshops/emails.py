"""The e-mails a booking triggers, rendered in the language the booking was made in.

They go through an outbox (``BookingEmail``) like the registry's: ``queue_booking_email``
stores a row in the booking's transaction and enqueues its delivery after commit; when
the mail server is down the row stays unsent and ``send_pending_emails`` (cron, the
``send_pending_emails`` command) delivers it later, exactly once.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.workshops.choices import BookingStatus, TokenPurpose
from campaigns.workshops.ics import absolute, build_calendar
from campaigns.workshops.models import Booking, BookingEmail, centre_address
from cas_site.jobs import enqueue_on_commit
from home.emails import send_email

logger = logging.getLogger(__name__)

#: Give up retrying a message after this many failed attempts (it stays visible for staff).
MAX_ATTEMPTS = 50

TEMPLATE = "campaigns/workshops/emails/{}"

#: kind → (template, recipient is the guardian, attach .ics, include a cancel link)
KINDS = {
    "confirm_email": ("booking_confirm_email", False, False, True),
    "confirmed": ("booking_confirmed", False, True, True),
    "waiting_list": ("booking_waiting_list", False, False, True),
    "awaiting_guardian": ("booking_awaiting_guardian", False, False, True),
    "promoted": ("booking_promoted", False, True, True),
    "cancelled": ("booking_cancelled", False, False, False),
    "hold_expired": ("booking_hold_expired", False, False, False),
    "guardian_request": ("guardian_request", True, False, False),
    "reminder": ("booking_reminder", False, True, True),
}


def _link(route, language, token):
    with translation.override(language):
        path = reverse(route)
    return absolute(f"{path}?token={token}")


def send_booking_email(booking_id: int, kind: str):
    """Send one e-mail about a booking; fresh single-purpose links are issued for it."""
    from campaigns.workshops.services import issue_token

    booking = Booking.objects.select_related("session__page").get(pk=booking_id)
    session = booking.session
    template, to_guardian, with_ics, with_cancel = KINDS[kind]
    if to_guardian and not booking.guardian_email:
        return None
    place = session.get_place(centre_address())
    context = {
        "booking": booking,
        "session": session,
        "workshop": session.page,
        "place": place,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "position": booking.waiting_position(),
        "page_url": absolute(session.page.get_full_url() or "/"),
    }
    language = booking.language
    still_active = booking.status in (
        BookingStatus.CONFIRMED,
        BookingStatus.WAITING_LIST,
        BookingStatus.AWAITING_GUARDIAN,
        BookingStatus.AWAITING_EMAIL,
    )
    if with_cancel and still_active:
        token = issue_token(booking, TokenPurpose.CANCEL, session.starts_at)
        context["cancel_url"] = _link("workshop_cancel", language, token)
    if kind == "confirm_email" and booking.email_confirmed_at is None and still_active:
        expires = min(booking.hold_expires_at or session.starts_at, session.starts_at)
        token = issue_token(booking, TokenPurpose.EMAIL, expires)
        context["confirm_url"] = _link("workshop_confirm_email", language, token)
    if to_guardian:
        expires = booking.hold_expires_at or session.starts_at
        token = issue_token(booking, TokenPurpose.GUARDIAN, min(expires, session.starts_at))
        context["guardian_url"] = _link("workshop_guardian_confirm", language, token)
        context["hold_expires_at"] = timezone.localtime(expires)
    if booking.hold_expires_at:
        context["hold_expires_at"] = timezone.localtime(booking.hold_expires_at)
    attachments = []
    if with_ics and booking.status == BookingStatus.CONFIRMED:
        ics = build_calendar([session], name=session.page.title, default_place=place)
        attachments.append(("warsztaty.ics", ics.decode(), "text/calendar"))
    to = booking.guardian_email if to_guardian else booking.email
    return send_email(TEMPLATE.format(template), to, context, language=language, attachments=attachments)


def queue_booking_email(booking_id: int, kind: str) -> BookingEmail:
    """Store an e-mail about a booking (in the current transaction) and send it after commit."""
    from campaigns.workshops.tasks import deliver_booking_email

    if kind not in KINDS:
        raise ValueError(kind)
    email = BookingEmail.objects.create(booking_id=booking_id, kind=kind)
    enqueue_on_commit(deliver_booking_email, email.pk)
    return email


def deliver(email_id: int) -> bool:
    """Send one queued booking e-mail unless it has been sent; True when it went out now.

    The row lock is held while talking to the mail server, so a concurrent delivery
    waits and then sees ``sent_at``. A failure is recorded on the row, never raised;
    the links issued for the failed attempt are rolled back with it.
    """
    with transaction.atomic():
        email = BookingEmail.objects.select_for_update().filter(pk=email_id, sent_at__isnull=True).first()
        if email is None:
            return False
        try:
            with transaction.atomic():
                send_booking_email(email.booking_id, email.kind)
        except Exception as error:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            email.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "Booking e-mail %s not sent (attempt %s): %s", email.pk, email.attempts, type(error).__name__
            )
            return False
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        email.save(update_fields=["sent_at", "attempts", "last_error"])
        return True


def send_pending_emails(limit: int | None = None) -> int:
    """Deliver every unsent booking e-mail (oldest first); return how many went out."""
    pending = BookingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("pk")
    ids = list(pending.values_list("pk", flat=True))[:limit]
    return sum(1 for pk in ids if deliver(pk))
