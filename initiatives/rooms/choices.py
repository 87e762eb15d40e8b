"""Fixed vocabularies of the rooms module."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cas_site.errors import TokenGone
from home.choices import LinkPurpose as BaseLinkPurpose


class BookingStatus(models.TextChoices):
    """Where a room booking stands.

    A new request waits for its requester to confirm the e-mail address (a short hold,
    ``CAS_ROOMS_EMAIL_HOLD_MINUTES``), then for staff to approve or refuse it.
    """

    AWAITING_EMAIL = "awaiting_email", _("czeka na potwierdzenie e-maila")
    REQUESTED = "requested", _("czeka na decyzję")
    APPROVED = "approved", _("zatwierdzona")
    REFUSED = "refused", _("odrzucona")
    CANCELLED = "cancelled", _("anulowana")
    NO_SHOW = "no_show", _("nieobecność")


#: Statuses whose bookings hold their room and equipment: two of them never overlap in one room
#: (an exclusion constraint on PostgreSQL, the service's check everywhere). An unconfirmed request
#: holds its slot only until ``hold_expires_at``: every new request of the room first releases
#: the expired ones under the room's row lock. A no-show keeps its (past) slot.
BLOCKING = [
    BookingStatus.AWAITING_EMAIL,
    BookingStatus.REQUESTED,
    BookingStatus.APPROVED,
    BookingStatus.NO_SHOW,
]


class OrganiserKind(models.TextChoices):
    INFORMAL_GROUP = "informal_group", _("grupa nieformalna")
    NGO = "ngo", _("organizacja pozarządowa")
    RESIDENT = "resident", _("mieszkaniec lub mieszkanka")


class Repeat(models.TextChoices):
    WEEK = "week", _("co tydzień")
    FORTNIGHT = "fortnight", _("co dwa tygodnie")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("poniedziałek")
    TUESDAY = 1, _("wtorek")
    WEDNESDAY = 2, _("środa")
    THURSDAY = 3, _("czwartek")
    FRIDAY = 4, _("piątek")
    SATURDAY = 5, _("sobota")
    SUNDAY = 6, _("niedziela")


class LinkPurpose(BaseLinkPurpose):
    """The links a request's e-mails carry (``home.links``): confirming the address (until the
    hold ends), cancelling and the approved meetings' iCalendar file (both until the last
    meeting ends; the calendar link is only looked at, never used up: calendar apps fetch it
    again and again)."""

    EMAIL = "rooms.email", _("potwierdzenie e-maila")
    CANCEL = "rooms.cancel", _("odwołanie rezerwacji")
    CALENDAR = "rooms.calendar", _("kalendarz rezerwacji")


#: No fixed lifetime (the caller gives the hold's or the meeting's end); one message when gone.
LinkPurpose.declare(dict.fromkeys(LinkPurpose, (None, TokenGone.message)))
