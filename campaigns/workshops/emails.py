"""The e-mails a booking triggers, rendered in the language the booking was made in."""

from django.urls import reverse
from django.utils import timezone, translation

from campaigns.workshops.choices import BookingStatus, TokenPurpose
from campaigns.workshops.ics import absolute, build_calendar
from campaigns.workshops.models import Booking, centre_address
from home.emails import send_email

TEMPLATE = "campaigns/workshops/emails/{}"

#: kind → (template, recipient is the guardian, attach .ics, include a cancel link)
KINDS = {
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
    )
    if with_cancel and still_active:
        token = issue_token(booking, TokenPurpose.CANCEL, session.starts_at)
        context["cancel_url"] = _link("workshop_cancel", language, token)
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
