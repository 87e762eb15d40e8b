"""API routes of the rooms module: rooms, their busy times, booking requests and open meetings.

Mounted only while ``CAS_ROOMS_PUBLIC`` is on (``public_router``; on by default).
"""

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict
from wagtail.images import get_image_model

from cas_site.openapi import problem_response
from cas_site.public_writes import public_write
from home.schemas import (
    DEFAULT_LIMIT,
    ApiDate,
    ApiDateTime,
    Email,
    ImageOut,
    Limit,
    Offset,
    Paging,
    StatusOut,
    TokenIn,
    cacheable,
    no_store,
    page_of,
)
from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus, OrganiserKind, Repeat
from initiatives.rooms.models import Equipment, HouseRules, Room

operations = Router(tags=["rooms"])

ROOM_PHOTO_RENDITION = "fill-800x500|format-webp"


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


# --- rooms --------------------------------------------------------------------------


class LendableOut(Schema):
    slug: str
    name: str
    quantity: int


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    opens: time
    closes: time


class RoomOut(Schema):
    id: int
    name: str
    slug: str
    url: str
    capacity: int
    floor: int
    step_free: bool
    description: str
    equipment: list[str]
    lendable: list[LendableOut] = Field(description="Equipment lent separately, with how many pieces exist.")
    photo: ImageOut | None
    opening_hours: list[OpeningHoursOut]
    closed_days: list[date] = Field(description="Upcoming days the room is closed.")
    house_rules: int | None = Field(description="The version of the house rules in force (to accept).")


class RoomList(Schema):
    count: int
    items: list[RoomOut]


def room_card(room, request, lendable, rules, today) -> dict:
    photo = None
    if room.photo:
        rendition = room.photo.get_rendition(ROOM_PHOTO_RENDITION)
        photo = {
            "url": absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": room.photo_alt,
        }
    return {
        "id": room.pk,
        "name": room.name,
        "slug": room.slug,
        "url": absolute(request, room.path),
        "capacity": room.capacity,
        "floor": room.floor,
        "step_free": room.step_free,
        "description": room.description,
        "equipment": room.equipment_list,
        "lendable": lendable,
        "photo": photo,
        "opening_hours": [
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in room.opening_hours.all()
        ],
        "closed_days": [d.date for d in room.closed_days.all() if d.date >= today],
        "house_rules": rules.version if rules else None,
    }


@operations.get(
    "rooms/",
    response=RoomList,
    summary="Rooms lent to groups, NGOs and residents",
    description=(
        "Every room an informal group, an NGO or a resident may ask for, free of charge: capacity, "
        "floor and step-free access, the equipment that comes with the room (`equipment`) and what "
        "is lent separately (`lendable`, with the number of pieces), a photo with its alt text, the "
        "weekly opening hours, the closed days to come, and the version of the house rules a request "
        "must accept (`house_rules`)."
    ),
)
@cacheable()
def list_rooms(request, paging: Query[Paging]):
    photos = get_image_model().objects.prefetch_renditions(ROOM_PHOTO_RENDITION)
    rooms = (
        Room.objects.filter(bookable=True)
        .prefetch_related(Prefetch("photo", queryset=photos), "opening_hours", "closed_days")
        .order_by("name", "pk")
    )
    lendable = [{"slug": e.slug, "name": e.name, "quantity": e.quantity} for e in Equipment.objects.all()]
    rules = HouseRules.in_force()
    today = timezone.localdate()
    return page_of(rooms, paging, lambda room: room_card(room, request, lendable, rules, today))


class RoomInterval(Schema):
    starts_at: datetime
    ends_at: datetime


class RoomAvailability(Schema):
    room: int
    busy: list[RoomInterval] = Field(description="When the room is taken (never by whom).")


class RoomAvailabilityFilters(Schema):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    date_from: ApiDateTime = Field(
        alias="from",
        description="Start of the range: ISO 8601 date and time (read in Europe/Warsaw without an offset).",
    )
    date_to: ApiDateTime = Field(
        alias="to",
        description=(
            "End of the range: ISO 8601 date and time, after `from` and at most "
            "CAS_ROOMS_AVAILABILITY_MAX_DAYS (62 by default) days later."
        ),
    )


@operations.get(
    "rooms/{room_id}/availability",
    response=RoomAvailability,
    summary="When a room is busy (never who)",
    description=(
        "The busy intervals of one room between `from` and `to`, merged and soonest first: approved "
        "meetings, requests waiting for a decision, and requests still within their e-mail hold. "
        "Never who holds them or why. Other times within the opening hours and outside the closed days "
        "(see `rooms/`) may be asked for."
    ),
    openapi_extra={
        "responses": {
            "404": problem_response("No such room, or it is not lent any more"),
            "422": problem_response(
                "`from` or `to` missing or not a date and time, `to` not after `from`, or the range "
                "longer than CAS_ROOMS_AVAILABILITY_MAX_DAYS days; `errors[].loc` names the parameter"
            ),
        }
    },
)
@cacheable()
def room_availability(request, room_id: int, filters: Query[RoomAvailabilityFilters]):
    room = get_object_or_404(Room, pk=room_id, bookable=True)
    busy = services.busy_intervals(room, filters.date_from, filters.date_to)
    return {
        "room": room.pk,
        "busy": [{"starts_at": timezone.localtime(b), "ends_at": timezone.localtime(e)} for b, e in busy],
    }


# --- booking requests ---------------------------------------------------------------


class RoomOrganiserIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: OrganiserKind
    name: str = Field(min_length=2, max_length=200)


class RoomContactIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=120)
    email: Email
    phone: str | None = Field(None, max_length=30)


class RoomEquipmentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(max_length=60)
    quantity: int = Field(1, ge=1, le=1000)


class RoomRepeatIn(Schema):
    model_config = ConfigDict(extra="forbid")

    every: Repeat
    until: ApiDate


class RoomBookingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    room: int = Field(ge=1, le=2**31 - 1)
    starts_at: ApiDateTime
    ends_at: ApiDateTime
    purpose: str = Field(min_length=3, max_length=2000)
    participants: int = Field(ge=1, le=10000)
    organiser: RoomOrganiserIn
    contact: RoomContactIn
    equipment: list[RoomEquipmentIn] = Field(default_factory=list, max_length=20)
    fees_charged: bool
    public_title: str | None = Field(None, max_length=200)
    public_description: str | None = Field(None, max_length=2000)
    house_rules: int = Field(ge=1, le=2**31 - 1, description="The version of the house rules accepted.")
    repeat: RoomRepeatIn | None = None
    website: str | None = Field(None, description="Honeypot: leave empty.")


class RoomSkippedOut(Schema):
    starts_at: datetime
    ends_at: datetime
    reason: str


class RoomBookingOut(Schema):
    reference: str
    status: str = Field(description="awaiting_email: held only until the requester opens the e-mailed link")
    occurrences: list[RoomInterval]
    skipped: list[RoomSkippedOut] = Field(
        description="Occurrences of a series that could not be booked (a conflict, a closed day), with why."
    )


def fake_request(payload):
    """What a bot that filled the honeypot is shown: looks like a new request, stores nothing."""
    return Status(
        202,
        {
            "reference": services.fake_reference(),
            "status": BookingStatus.AWAITING_EMAIL.value,
            "occurrences": [{"starts_at": payload.starts_at, "ends_at": payload.ends_at}],
            "skipped": [],
        },
    )


@operations.post(
    "room-bookings/",
    response={202: RoomBookingOut},
    summary="Ask for a room (once or repeating); the e-mail address is confirmed next",
    description=(
        "A request without an account, for one meeting or for a series (`repeat`: every week or "
        "fortnight until a date). Accepted requests answer 202 with the `reference` and the status "
        "`awaiting_email`: the slot is held for CAS_ROOMS_EMAIL_HOLD_MINUTES until the requester opens "
        "the link e-mailed to `contact.email`, then staff approve or refuse it (by e-mail). In a "
        "series, each occurrence that cannot be booked is listed in `skipped` with the reason, and "
        "the others go ahead. Rate-limited per client address; the honeypot `website` must be empty."
    ),
    openapi_extra={
        "responses": {
            "404": problem_response("No such room, or it is not lent any more"),
            "409": problem_response(
                "The room is taken at some moment of that time (`detail` names the conflicting "
                "interval), or not enough pieces of a lent piece of equipment are free then"
            ),
            "422": problem_response(
                "Per field (`errors[].loc`, Polish `msg`): the shape of the body, or a rule of the "
                "centre — within the room's opening hours and not on a closed day, at least "
                "CAS_ROOMS_MIN_WORKING_DAYS_AHEAD working days and at most CAS_ROOMS_MAX_DAYS_AHEAD "
                "days ahead, no more participants than the room holds, no fees charged (no "
                "commercial use), the house rules in force accepted"
            ),
        }
    },
)
@no_store
@public_write("room-bookings", honeypot=fake_request)
def request_room(request, payload: RoomBookingIn):
    equipment = {}
    for line in payload.equipment:
        equipment[line.slug] = equipment.get(line.slug, 0) + line.quantity
    result = services.request_booking(
        room_id=payload.room,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        organiser_kind=payload.organiser.kind,
        organiser_name=payload.organiser.name,
        contact_name=payload.contact.name,
        contact_email=payload.contact.email,
        contact_phone=payload.contact.phone or "",
        purpose=payload.purpose,
        participants=payload.participants,
        fees_charged=payload.fees_charged,
        house_rules=payload.house_rules,
        equipment=equipment,
        public_title=payload.public_title or "",
        public_description=payload.public_description or "",
        every=payload.repeat.every if payload.repeat else None,
        until=payload.repeat.until if payload.repeat else None,
        language=translation.get_language(),
    )
    return Status(
        202,
        {
            "reference": result.reference,
            "status": result.status.value if hasattr(result.status, "value") else result.status,
            "occurrences": [
                {"starts_at": timezone.localtime(b.starts_at), "ends_at": timezone.localtime(b.ends_at)}
                for b in result.bookings
            ],
            "skipped": [
                {
                    "starts_at": timezone.localtime(s.starts_at),
                    "ends_at": timezone.localtime(s.ends_at),
                    "reason": str(s.error.message),
                }
                for s in result.skipped
            ],
        },
    )


@operations.post(
    "room-bookings/confirm",
    response=StatusOut,
    summary="The requester confirms the e-mail address",
    description=(
        "The `token` from the confirmation e-mail: the request (every occurrence of its series that "
        "is still waiting) goes to staff for a decision and no longer expires; answers "
        '`{"status": "requested"}`.'
    ),
    openapi_extra={
        "responses": {
            "409": problem_response("The request was already decided or cancelled"),
            "410": problem_response(
                "The link was used already, or the hold expired and the slot was released (ask again)"
            ),
        }
    },
)
@no_store
@public_write("room-bookings-confirm")
def confirm_room_booking(request, payload: TokenIn):
    bookings = services.confirm_email_link(payload.token)
    return {"status": bookings[0].status}


@operations.post(
    "room-bookings/cancel",
    response=StatusOut,
    summary="Cancel a room request with its e-mailed token",
    description=(
        "The `token` from the cancel link in the request's e-mails: cancels the request (for a "
        "series, every meeting that has not ended yet), frees the room and its equipment and "
        'e-mails a confirmation; answers `{"status": "cancelled"}`.'
    ),
    openapi_extra={
        "responses": {
            "410": problem_response(
                "The link was used already, expired after the last meeting, or the request is no "
                "longer open (refused or cancelled)"
            ),
        }
    },
)
@no_store
@public_write("room-bookings-cancel")
def cancel_room_booking(request, payload: TokenIn):
    booking = services.cancel_link(payload.token)
    return {"status": booking.status}


# --- open meetings ------------------------------------------------------------------


class RoomRef(Schema):
    name: str
    url: str


class MeetingOut(Schema):
    id: int
    title: str
    description: str
    group: str
    room: RoomRef
    step_free: bool
    starts_at: datetime
    ends_at: datetime
    url: str
    ics_url: str


class MeetingList(Schema):
    count: int
    items: list[MeetingOut]


class MeetingFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    limit: Limit = DEFAULT_LIMIT
    offset: Offset = 0


def meeting_card(booking, request) -> dict:
    return {
        "id": booking.pk,
        "title": booking.public_title,
        "description": booking.public_description,
        "group": booking.public_group,
        "room": {"name": booking.room.name, "url": absolute(request, booking.room.path)},
        "step_free": booking.room.step_free,
        "starts_at": timezone.localtime(booking.starts_at),
        "ends_at": timezone.localtime(booking.ends_at),
        "url": absolute(request, booking.meeting_path),
        "ics_url": absolute(request, booking.meeting_ics_path),
    }


@operations.get(
    "meetings/",
    response=MeetingList,
    summary="Open meetings that groups chose to publicise",
    description=(
        "Approved meetings whose groups gave them a public title, not yet over, soonest first: "
        "title, description, the group (an informal group's or an NGO's name; a resident is never "
        "named), the room and its step-free access, the times, and an iCalendar link per meeting."
    ),
)
@cacheable()
def list_meetings(request, filters: Query[MeetingFilters]):
    return page_of(services.public_meetings(), filters, lambda booking: meeting_card(booking, request))


def public_router() -> Router:
    """The operations while ``CAS_ROOMS_PUBLIC`` is on; an empty router (nothing mounted) otherwise."""
    return operations if settings.CAS_ROOMS_PUBLIC else Router(tags=["rooms"])


router = public_router()
