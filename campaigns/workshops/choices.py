"""Fixed vocabularies of the workshops module."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.choices import Audience  # noqa: F401 - one audience vocabulary for campaigns and workshops
from cas_site.errors import TokenGone
from home.choices import LinkPurpose as BaseLinkPurpose


class Topic(models.TextChoices):
    """What a workshop is about."""

    CIVIC = "aktywnosc-obywatelska", _("aktywność obywatelska")
    PROJECTS = "projekty-spoleczne", _("projekty społeczne")
    VOLUNTEERING = "wolontariat", _("wolontariat")
    MEDIA = "media-i-komunikacja", _("media i komunikacja")
    ECOLOGY = "ekologia", _("ekologia")
    SKILLS = "umiejetnosci-miekkie", _("umiejętności miękkie")


class BookingStatus(models.TextChoices):
    """Where a booking stands. Seats are held by confirmed, awaiting_email and awaiting_guardian bookings.

    A new booking waits for its booker to confirm the e-mail address (a short hold); only
    then does a minor's guardian get asked (a longer hold) or an adult's seat become confirmed.
    """

    CONFIRMED = "confirmed", _("potwierdzony")
    WAITING_LIST = "waiting_list", _("lista rezerwowa")
    AWAITING_GUARDIAN = "awaiting_guardian", _("czeka na zgodę opiekuna")
    AWAITING_EMAIL = "awaiting_email", _("czeka na potwierdzenie e-maila")
    CANCELLED = "cancelled", _("anulowany")
    ATTENDED = "attended", _("obecność")
    NO_SHOW = "no_show", _("nieobecność")


#: Statuses that hold a seat (attended/no_show only arise after the session, but still count).
SEAT_HOLDING = [
    BookingStatus.CONFIRMED,
    BookingStatus.AWAITING_EMAIL,
    BookingStatus.AWAITING_GUARDIAN,
    BookingStatus.ATTENDED,
    BookingStatus.NO_SHOW,
]
#: Statuses that count as "this e-mail already has a booking in this session".
ACTIVE = [*SEAT_HOLDING, BookingStatus.WAITING_LIST]
#: Statuses a booking's e-mailed links (cancel) still apply to.
STILL_ACTIVE = [
    BookingStatus.CONFIRMED,
    BookingStatus.WAITING_LIST,
    BookingStatus.AWAITING_GUARDIAN,
    BookingStatus.AWAITING_EMAIL,
]


class TokenPurpose(models.TextChoices):
    """Superseded by ``LinkPurpose`` (home.EmailLink); kept for ``BookingToken`` until the apps move lands."""

    CANCEL = "cancel", _("rezygnacja")
    GUARDIAN = "guardian", _("zgoda opiekuna")
    EMAIL = "email", _("potwierdzenie e-maila")


class LinkPurpose(BaseLinkPurpose):
    """The links a booking's e-mails carry (``home.links``); each expires with the session or hold."""

    CANCEL = "workshops.cancel", _("rezygnacja")
    GUARDIAN = "workshops.guardian", _("zgoda opiekuna")
    EMAIL = "workshops.email", _("potwierdzenie e-maila")


#: No fixed lifetime (the caller gives the session's start or the hold's end); one message when gone.
LinkPurpose.declare(dict.fromkeys(LinkPurpose, (None, TokenGone.message)))
