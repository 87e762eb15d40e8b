"""The e-mails a booking triggers (renderers of the outbox), in the language of the booking.

Only the booking and the kind of message are stored (``home.outbox``); the text and its
one-time links (``home.links``) are made when the message is sent, so a failed attempt
keeps no link and a retry issues fresh ones.
"""

from django.urls import reverse
from django.utils import timezone, translation

from campaigns.workshops.choices import STILL_ACTIVE, BookingStatus, LinkPurpose
from campaigns.workshops.ics import absolute, build_calendar
from campaigns.workshops.models import Booking, centre_address
from home import links
from home.emails import Email, renderer

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


def booking_email(booking, kind):
    """The e-mail of ``kind`` about ``booking`` now, with fresh single-purpose links."""
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
    still_active = booking.status in STILL_ACTIVE
    if with_cancel and still_active:
        token = links.issue(booking, LinkPurpose.CANCEL, expires_at=session.starts_at)
        context["cancel_url"] = _link("workshop_cancel", language, token)
    if kind == "confirm_email" and booking.email_confirmed_at is None and still_active:
        expires = min(booking.hold_expires_at or session.starts_at, session.starts_at)
        token = links.issue(booking, LinkPurpose.EMAIL, expires_at=expires)
        context["confirm_url"] = _link("workshop_confirm_email", language, token)
    if to_guardian:
        expires = booking.hold_expires_at or session.starts_at
        token = links.issue(booking, LinkPurpose.GUARDIAN, expires_at=min(expires, session.starts_at))
        context["guardian_url"] = _link("workshop_guardian_confirm", language, token)
        context["hold_expires_at"] = timezone.localtime(expires)
    if booking.hold_expires_at:
        context["hold_expires_at"] = timezone.localtime(booking.hold_expires_at)
    attachments = []
    if with_ics and booking.status == BookingStatus.CONFIRMED:
        ics = build_calendar([session], name=session.page.title, default_place=place)
        attachments.append(("warsztaty.ics", ics.decode(), "text/calendar"))
    to = booking.guardian_email if to_guardian else booking.email
    return Email(TEMPLATE.format(template), context, attachments=attachments, to=to)


def _register(kind):
    @renderer(f"workshops.{kind}", about=Booking)
    def render(message):
        return booking_email(message.subject, kind)

    return render


for _kind in KINDS:
    _register(_kind)
