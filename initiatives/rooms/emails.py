"""The e-mails of a room request (renderers of the outbox), in the requester's language.

Only the booking and the kind are stored (``home.outbox``); the text and its one-time links
(``home.links``) are made when the message is sent. A request that repeats gets one e-mail
for the whole series. The links lead to the website's landing pages for the two links
(``/sale/potwierdz/`` and ``/sale/odwolaj/``, a later slice of issue 17), which post the token
to ``room-bookings/confirm`` and ``room-bookings/cancel``.
"""

from django.utils import timezone

from home import links
from home.emails import Email, renderer, site_url
from initiatives.rooms.choices import BookingStatus, LinkPurpose
from initiatives.rooms.models import RoomBooking

TEMPLATE = "initiatives/rooms/emails/{}"
CONFIRM_PATH = "/sale/potwierdz/"
CANCEL_PATH = "/sale/odwolaj/"
KINDS = ["confirm_email", "approved", "refused", "cancelled"]
#: Bookings a cancel link may still end.
CANCELLABLE = [BookingStatus.AWAITING_EMAIL, BookingStatus.REQUESTED, BookingStatus.APPROVED]


def _bookings(booking, kind):
    if booking.series_id is None or kind in ("approved", "refused"):
        return [booking]
    statuses = [BookingStatus.CANCELLED] if kind == "cancelled" else CANCELLABLE
    return list(RoomBooking.objects.filter(series_id=booking.series_id, status__in=statuses))


def booking_email(booking, kind):
    """The e-mail of ``kind`` about ``booking`` (and its series), with fresh single-purpose links."""
    bookings = _bookings(booking, kind) or [booking]
    language = booking.language
    context = {
        "room": booking.room,
        "reference": booking.series.reference if booking.series_id else booking.reference,
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
    if kind in ("confirm_email", "approved") and booking.status in CANCELLABLE:
        last_end = max(b.ends_at for b in bookings)
        token = links.issue(booking, LinkPurpose.CANCEL, expires_at=last_end)
        context["cancel_url"] = site_url(f"{CANCEL_PATH}?token={token}", language)
    return Email(TEMPLATE.format(kind), context, to=booking.contact_email)


def _register(kind):
    @renderer(f"rooms.{kind}", about=RoomBooking)
    def render(message):
        booking = message.subject
        if not booking.contact_email:  # erased meanwhile
            return None
        return booking_email(booking, kind)

    return render


for _kind in KINDS:
    _register(_kind)
