"""Retention and erasure of the campaigns app's registers: school requests and workshop bookings.

Both feed statistics (the campaign impact report counts school requests; attendance
counts bookings by status), so their rows stay and only the personal data goes.
Registered as hooks in ``wagtail_hooks.py``; the rules are in ``home/privacy.py``.
"""

from django.db import transaction
from django.utils import timezone

from campaigns.models import SchoolRequest
from campaigns.workshops.choices import BookingStatus, LinkPurpose
from campaigns.workshops.models import Booking, BookingEmail, BookingToken
from home import links
from home.privacy import ANONYMOUS_DOMAIN, Purged, anonymous_email, cutoff, forget_about, messages_rule

#: Bookings that still hold (or wait for) a seat: an erasure frees it for someone else.
OPEN_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.WAITING_LIST, BookingStatus.AWAITING_GUARDIAN]

SCHOOL_REQUEST_BLANKS = {
    "contact_name": "",
    "email": "",
    "phone": "",
    "preferred_dates": "",
    "message": "",
    "staff_notes": "",
}


def anonymise_school_requests(queryset) -> int:
    """Keep campaign, school, class level, pupils and dates (impact numbers); drop the person
    and the e-mails to them."""
    forget_about(SchoolRequest, queryset.values_list("pk", flat=True))
    return queryset.update(**SCHOOL_REQUEST_BLANKS)


def _anonymise_bookings(bookings) -> int:
    """Keep session, status, birth year and dates (attendance statistics); drop the person,
    their links and their queued or sent e-mails. The address becomes ``<pk>@usuniete.invalid``
    (one active booking per address and session is a database constraint)."""
    ids = [b.pk for b in bookings]
    BookingToken.objects.filter(booking_id__in=ids).delete()
    BookingEmail.objects.filter(booking_id__in=ids).delete()
    forget_about(Booking, ids)
    for pk in ids:
        Booking.objects.filter(pk=pk).update(name="", email=anonymous_email(pk), phone="", guardian_email="")
    return len(ids)


def _free_seat(booking, now):
    """Cancel an open booking of a session that has not started, and promote the waiting list."""
    from campaigns.workshops.services import _lock_session, _promote_waiting

    session = _lock_session(booking.session_id)
    Booking.objects.filter(pk=booking.pk).update(
        status=BookingStatus.CANCELLED, cancelled_at=now, hold_expires_at=None
    )
    _promote_waiting(session, now)


def erase_campaign_registers(email: str) -> dict[str, int]:
    """Everything the campaigns app holds under ``email``: the person's school requests and
    bookings are anonymised (open bookings cancelled first, so the seat goes to someone
    else); as a guardian, their address leaves the child's booking, and a booking still
    waiting for their consent is cancelled."""
    now = timezone.now()
    counts = {}
    counts["campaigns.SchoolRequest"] = anonymise_school_requests(
        SchoolRequest.objects.filter(email__iexact=email)
    )
    with transaction.atomic():
        own = list(Booking.objects.filter(email__iexact=email).select_related("session"))
        for booking in own:
            if booking.status in OPEN_STATUSES and booking.session.starts_at > now:
                _free_seat(booking, now)
        guarded = list(Booking.objects.filter(guardian_email__iexact=email).select_related("session"))
        for booking in guarded:
            if booking.status == BookingStatus.AWAITING_GUARDIAN and booking.session.starts_at > now:
                _free_seat(booking, now)
            BookingToken.objects.filter(booking=booking, purpose="guardian").delete()
            BookingEmail.objects.filter(booking=booking, kind="guardian_request").delete()
            links.revoke(booking, LinkPurpose.GUARDIAN)  # the e-mails to them go by address
            Booking.objects.filter(pk=booking.pk).update(guardian_email="")
        counts["workshops.Booking"] = _anonymise_bookings(own) + len(guarded)
    return counts


def purge_campaign_registers(*, now, dry_run=False, **options) -> list[Purged]:
    """School requests anonymised ``CAS_RETENTION_SCHOOL_REQUESTS_DAYS`` after they came;
    bookings ``CAS_RETENTION_BOOKINGS_DAYS`` after their session ended; booking e-mails and
    links ``CAS_RETENTION_MESSAGES_DAYS`` after they were sent or expired."""
    requests = SchoolRequest.objects.filter(
        created_at__lt=cutoff("CAS_RETENTION_SCHOOL_REQUESTS_DAYS", now)
    ).exclude(email="")
    bookings = Booking.objects.filter(
        session__ends_at__lt=cutoff("CAS_RETENTION_BOOKINGS_DAYS", now)
    ).exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}")
    results = [
        Purged(
            "Zgłoszenia szkół",
            "CAS_RETENTION_SCHOOL_REQUESTS_DAYS od przyjęcia",
            ["campaigns.SchoolRequest"],
            anonymised=requests.count(),
        ),
        Purged(
            "Zapisy na warsztaty",
            "CAS_RETENTION_BOOKINGS_DAYS od końca zajęć",
            ["workshops.Booking", "workshops.BookingToken"],
            anonymised=bookings.count(),
        ),
    ]
    if not dry_run:
        with transaction.atomic():
            anonymise_school_requests(requests)
            _anonymise_bookings(list(bookings))
    # The superseded tables (no longer written) until they are dropped.
    results.append(messages_rule("E-maile i linki zapisów", BookingEmail, BookingToken, now, dry_run))
    return results
