"""iCalendar files of the rooms module (built by ``home.ics``): the public feed of open meetings
(``/spotkania/kalendarz.ics``, one meeting's file) and a requester's own booking with every
occurrence of its series (behind the e-mailed token).

The public feed carries what ``/spotkania/`` shows (the public title and description, the
group's name, never a resident's own name or any contact); a booking's own file is for its
requester only.
"""

from django.utils.translation import gettext as _

from home import ics
from initiatives.rooms.choices import BookingStatus

PRODID = "-//Centrum Aktywności Społecznej Sosnowiec//Sale//PL"

#: How a booking's status reads in a calendar: held but not yet approved is TENTATIVE.
STATUS = {
    BookingStatus.AWAITING_EMAIL: "TENTATIVE",
    BookingStatus.REQUESTED: "TENTATIVE",
    BookingStatus.APPROVED: "CONFIRMED",
    BookingStatus.NO_SHOW: "CONFIRMED",
    BookingStatus.REFUSED: "CANCELLED",
    BookingStatus.CANCELLED: "CANCELLED",
}


def place(room, address="") -> str:
    return ", ".join(part for part in (room.name, address) if part)


def meeting_event(booking, address=""):
    group = booking.public_group
    description = "\n\n".join(
        part for part in (booking.public_description, _("Organizuje: %(group)s") % {"group": group}) if part
    )
    return ics.event(
        uid=ics.uid("spotkanie", booking.pk),
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=booking.public_title,
        description=description,
        location=place(booking.room, address),
        url=booking.meeting_path,
    )


def meetings_calendar(bookings, *, name, address="") -> bytes:
    return ics.calendar([meeting_event(b, address) for b in bookings], prodid=PRODID, name=name)


def booking_event(booking, address=""):
    """One occurrence of a requester's own booking, with the same UID as the public meeting (one
    calendar never holds it twice). Its title is the meeting's public one only once the address
    is confirmed: before that the file repeats nothing the requester typed (the link may have
    reached a stranger's mailbox)."""
    summary = _("Spotkanie w sali %(room)s") % {"room": booking.room.name}
    if booking.email_confirmed_at and booking.public_title:
        summary = booking.public_title
    description = _("Numer rezerwacji: %(reference)s. Sala: %(room)s. Stan: %(status)s.") % {
        "reference": booking.reference,
        "room": booking.room.name,
        "status": booking.get_status_display(),
    }
    return ics.event(
        uid=ics.uid("spotkanie", booking.pk),
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=summary,
        description=description,
        location=place(booking.room, address),
        url=booking.room.path,
        status=STATUS.get(booking.status, "TENTATIVE"),
    )


def booking_calendar(bookings, *, name, address="") -> bytes:
    return ics.calendar([booking_event(b, address) for b in bookings], prodid=PRODID, name=name)
