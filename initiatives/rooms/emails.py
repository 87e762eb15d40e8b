"""The e-mails of a room request (renderers of the outbox), in the requester's language.

Only the booking, the kind and a little context are stored (``home.outbox``); the text and its
one-time links (``home.links``) are made when the message is sent. A request that repeats gets
one e-mail for the whole series (a series approved at once lists the meetings approved). The
links lead to the website's pages: ``/sale/potwierdz/`` and ``/sale/odwolaj/`` post the token
to ``room-bookings/confirm`` and ``room-bookings/cancel``; ``/sale/rezerwacja.ics`` (URL name
``rooms:booking_ics``) answers the approved meetings' iCalendar file
(``services.calendar_bookings``). The approval and the reminder carry the calendar link.

Kinds: ``rooms.confirm_email``, ``rooms.approved``, ``rooms.refused``, ``rooms.cancelled``,
``rooms.blocked`` (a request refused at confirmation after no-shows) and ``rooms.reminder``
(the day before an approved meeting).
"""

from datetime import datetime

from django.utils import timezone

from home import links
from home.emails import Email, renderer, site_url
from initiatives.rooms.choices import BookingStatus, LinkPurpose
from initiatives.rooms.models import RoomBooking

TEMPLATE = "initiatives/rooms/emails/{}"
CONFIRM_PATH = "/sale/potwierdz/"
CANCEL_PATH = "/sale/odwolaj/"
CALENDAR_PATH = "/sale/rezerwacja.ics"
KINDS = ["confirm_email", "approved", "refused", "cancelled", "blocked", "reminder"]
#: Bookings a cancel link may still end.
CANCELLABLE = [BookingStatus.AWAITING_EMAIL, BookingStatus.REQUESTED, BookingStatus.APPROVED]
#: Kinds about the one booking they were queued for (unless the message lists its meetings).
ONE_BOOKING = ("approved", "refused", "reminder")
#: Kinds that carry the cancel link, and those that carry the calendar link (approved meetings).
WITH_CANCEL = ("confirm_email", "approved", "reminder")
WITH_CALENDAR = ("approved", "reminder")


def _bookings(booking, kind, listed=None):
    if listed:
        return list(RoomBooking.objects.filter(pk__in=listed).order_by("starts_at", "pk"))
    if booking.series_id is None or kind in ONE_BOOKING:
        return [booking]
    statuses = [BookingStatus.CANCELLED] if kind == "cancelled" else CANCELLABLE
    return list(RoomBooking.objects.filter(series_id=booking.series_id, status__in=statuses))


def _last_end(booking):
    """When the request's last meeting ends (the booking's own end if it does not repeat)."""
    if booking.series_id is None:
        return booking.ends_at
    return max(RoomBooking.objects.filter(series_id=booking.series_id).values_list("ends_at", flat=True))


def calendar_url(booking, language):
    """A fresh link to the iCalendar file of the request's approved meetings."""
    token = links.issue(booking, LinkPurpose.CALENDAR, expires_at=_last_end(booking))
    return site_url(f"{CALENDAR_PATH}?token={token}", language)


def booking_email(booking, kind, context=None):
    """The e-mail of ``kind`` about ``booking`` (and its series), with fresh single-purpose links."""
    stored = context or {}
    bookings = _bookings(booking, kind, stored.get("bookings")) or [booking]
    language = booking.language
    context = {
        "room": booking.room,
        "reference": booking.series.reference if booking.series_id else booking.reference,
        "repeats": booking.series_id is not None,
        "bookings": [
            {"starts_at": timezone.localtime(b.starts_at), "ends_at": timezone.localtime(b.ends_at)}
            for b in bookings
        ],
        "reason": booking.refusal_reason,
    }
    if kind == "confirm_email":
        if booking.status != BookingStatus.AWAITING_EMAIL or booking.hold_expires_at is None:
            return None  # confirmed, cancelled or expired meanwhile: nothing to confirm
        token = links.issue(booking, LinkPurpose.EMAIL, expires_at=booking.hold_expires_at)
        context["confirm_url"] = site_url(f"{CONFIRM_PATH}?token={token}", language)
        context["hold_expires_at"] = timezone.localtime(booking.hold_expires_at)
    if kind == "reminder" and (booking.status != BookingStatus.APPROVED or booking.ends_at <= timezone.now()):
        return None  # cancelled, refused or over meanwhile: nothing to remind of
    if kind == "blocked":
        context["until"] = timezone.localtime(datetime.fromisoformat(stored["until"]))
    if kind in WITH_CANCEL and booking.status in CANCELLABLE:
        token = links.issue(booking, LinkPurpose.CANCEL, expires_at=_last_end(booking))
        context["cancel_url"] = site_url(f"{CANCEL_PATH}?token={token}", language)
    if kind in WITH_CALENDAR and booking.status == BookingStatus.APPROVED:
        context["calendar_url"] = calendar_url(booking, language)
    return Email(TEMPLATE.format(kind), context, to=booking.contact_email)


def _register(kind):
    @renderer(f"rooms.{kind}", about=RoomBooking)
    def render(message):
        booking = message.subject
        if not booking.contact_email:  # erased meanwhile
            return None
        return booking_email(booking, kind, message.context)

    return render


for _kind in KINDS:
    _register(_kind)
