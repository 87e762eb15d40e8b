"""Retention and erasure of room bookings (registered as hooks in ``wagtail_hooks.py``).

A group's contact data (the responsible adult's name, e-mail and phone) and what it wrote
about its meeting stay only as long as staff need them: a request nobody confirmed is deleted
after ``CAS_RETENTION_UNCONFIRMED_DAYS``; any other booking is anonymised
``CAS_RETENTION_ROOM_BOOKINGS_DAYS`` after its meeting ended, keeping what statistics need
(room, time, kind of group, participants, status). Erasure by e-mail address cancels the
person's bookings still to come (so no slot stays held for nobody) and anonymises them all;
the cancellations are saved one by one, so public answers cached before (open meetings, busy
times) are dropped at once (``cas_site.response_cache`` listens to saves, not to updates).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from home import links
from home.privacy import Purged, cutoff
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking

LABEL = RoomBooking._meta.label
REGISTER = "Rezerwacje sal"
BLANKS = {
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "organiser_name": "",
    "purpose": "",
    "public_title": "",
    "public_description": "",
    "refusal_reason": "",
}
#: Bookings that still hold (or wait for) a slot.
STILL_OPEN = [BookingStatus.AWAITING_EMAIL, BookingStatus.REQUESTED, BookingStatus.APPROVED]


def _never_confirmed():
    return Q(email_confirmed_at__isnull=True) & ~Q(status__in=STILL_OPEN)


def erase_bookings(email: str) -> dict[str, int]:
    """The person's bookings: never-confirmed ones deleted, future ones cancelled, all anonymised."""
    now = timezone.now()
    with transaction.atomic():
        mine = RoomBooking.objects.filter(contact_email__iexact=email)
        links.forget(RoomBooking, mine.values_list("pk", flat=True))
        _total, deleted = mine.filter(email_confirmed_at__isnull=True).delete()
        for booking in mine.filter(status__in=STILL_OPEN, ends_at__gt=now):
            booking.status, booking.cancelled_at, booking.hold_expires_at = BookingStatus.CANCELLED, now, None
            booking.save(update_fields=["status", "cancelled_at", "hold_expires_at"])
        anonymised = mine.update(**BLANKS)
    return {LABEL: deleted.get(LABEL, 0) + anonymised}


def purge_bookings(*, now, dry_run=False, **options) -> list[Purged]:
    unconfirmed = RoomBooking.objects.filter(_never_confirmed()).filter(
        created_at__lt=cutoff("CAS_RETENTION_UNCONFIRMED_DAYS", now)
    )
    old = (
        RoomBooking.objects.exclude(pk__in=unconfirmed.values("pk"))
        .filter(ends_at__lt=cutoff("CAS_RETENTION_ROOM_BOOKINGS_DAYS", now))
        .exclude(contact_email="")
    )
    results = [
        Purged(
            REGISTER,
            "CAS_RETENTION_UNCONFIRMED_DAYS bez potwierdzenia e-maila",
            [LABEL],
            deleted=unconfirmed.count(),
        ),
        Purged(
            REGISTER, "CAS_RETENTION_ROOM_BOOKINGS_DAYS od końca spotkania", [LABEL], anonymised=old.count()
        ),
    ]
    if not dry_run:
        with transaction.atomic():
            links.forget(RoomBooking, unconfirmed.values_list("pk", flat=True))
            old.update(**BLANKS)
            unconfirmed.delete()
    return results
