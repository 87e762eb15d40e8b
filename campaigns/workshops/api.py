"""API routes of the workshops module: upcoming sessions, bookings and cancellations."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from campaigns.workshops import services
from campaigns.workshops.choices import Audience, BookingStatus, Topic
from campaigns.workshops.ics import absolute
from campaigns.workshops.models import Booking, WorkshopSession, centre_address
from cas_site.public_writes import public_write
from cas_site.ratelimit import client_address
from home.schemas import (
    DEFAULT_LIMIT,
    ApiDate,
    Email,
    Limit,
    Offset,
    OptionalEmail,
    StatusOut,
    TokenIn,
    cacheable,
    no_store,
    page_of,
)

router = Router(tags=["campaigns", "workshops"])  # as when it was nested in the campaigns router


class WorkshopRef(Schema):
    id: int
    title: str
    url: str


class SessionOut(Schema):
    id: int
    workshop: WorkshopRef
    starts_at: datetime
    ends_at: datetime
    place: str
    audience: list[str]
    topic: str
    min_age: int | None
    max_age: int | None
    capacity: int
    seats_left: int
    waiting_list_open: bool
    registration_open: bool
    cancelled: bool
    ics_url: str


class SessionList(Schema):
    count: int
    items: list[SessionOut]


class SessionFilters(Schema):
    model_config = ConfigDict(populate_by_name=True)

    date_from: ApiDate | None = Field(None, alias="from")
    date_to: ApiDate | None = Field(None, alias="to")
    audience: Audience | None = None
    topic: Topic | None = None
    has_seats: bool | None = None
    limit: Limit = DEFAULT_LIMIT
    offset: Offset = 0


def session_card(session, request, default_place):
    """The public fields of a session (no personal data)."""
    page = session.page
    open_now = session.registration_is_open()
    return {
        "id": session.pk,
        "workshop": {"id": page.pk, "title": page.title, "url": absolute(page.get_url(request) or "")},
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "place": session.get_place(default_place),
        "audience": page.audiences,
        "topic": page.topic,
        "min_age": page.min_age,
        "max_age": page.max_age,
        "capacity": session.capacity,
        "seats_left": session.seats_left(),
        "waiting_list_open": open_now and session.waiting_list_enabled,
        "registration_open": open_now,
        "cancelled": session.cancelled,
        "ics_url": request.build_absolute_uri(reverse("workshop_session_ics", args=[session.pk])),
    }


@router.get("workshops/", response=SessionList, summary="Upcoming workshop sessions")
@cacheable()
def list_sessions(request, filters: Query[SessionFilters]):
    sessions = (
        WorkshopSession.objects.public()
        .upcoming()
        .with_seats()
        .filtered(
            date_from=filters.date_from,
            date_to=filters.date_to,
            audience=filters.audience,
            topic=filters.topic,
            has_seats=filters.has_seats,
        )
    )
    default_place = centre_address(request)
    sessions = sessions.select_related("page").order_by("starts_at", "pk")
    return page_of(sessions, filters, lambda session: session_card(session, request, default_place))


class Consents(Schema):
    model_config = ConfigDict(extra="forbid")

    terms: bool


class BookingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    session: int
    name: str = Field(min_length=2, max_length=120)
    email: Email
    phone: str | None = Field(None, max_length=30)
    birth_year: int = Field(ge=1900, le=2100)
    guardian_email: OptionalEmail | None = None
    consents: Consents
    website: str | None = Field(None, description="Honeypot: leave empty.")


class BookingOut(Schema):
    reference: str
    status: str = Field(description="confirmed (a seat is held) | waiting_list")
    position: int | None = Field(None, description="Place on the waiting list.")
    next_step: str = Field(
        description="confirm_email: the seat (or place) is kept only once the booker opens the e-mailed link"
    )


def fake_booking():
    """What a bot that filled the honeypot is shown: looks like a new booking, stores nothing."""
    reference = f"CAS-{timezone.localdate().year}-{get_random_string(4, '0123456789')}"
    return Booking(reference=reference, status=BookingStatus.AWAITING_EMAIL)


def booking_answer(booking, position=None):
    """The API contract's two answers: ``confirmed`` while a seat is held, or ``waiting_list``.

    A new booking always waits for its booker's e-mail (seat squatting): ``next_step`` says so.
    """
    waiting = booking.status == BookingStatus.WAITING_LIST
    return {
        "reference": booking.reference,
        "status": BookingStatus.WAITING_LIST.value if waiting else BookingStatus.CONFIRMED.value,
        "position": position,
        "next_step": "confirm_email",
    }


@router.post(
    "bookings/",
    response={201: BookingOut},
    exclude_none=True,
    summary="Book a seat (or a waiting-list place)",
)
@no_store
@public_write("bookings", honeypot=lambda payload: Status(201, booking_answer(fake_booking())))
def create_booking(request, payload: BookingIn):
    result = services.book_seat(
        payload.session,
        name=payload.name,
        email=payload.email,
        phone=payload.phone or "",
        birth_year=payload.birth_year,
        guardian_email=payload.guardian_email or "",
        terms=payload.consents.terms,
        language=translation.get_language(),
        client=client_address(request),
    )
    return Status(201, booking_answer(result.booking, result.position))


@router.post("bookings/cancel", response=StatusOut, summary="Cancel a booking with its e-mailed token")
@no_store
@public_write("bookings-cancel")
def cancel_booking(request, payload: TokenIn):
    booking = services.cancel_booking(payload.token)
    return {"status": booking.status}


@router.post(
    "bookings/confirm", response=StatusOut, summary="The booker confirms the e-mail address of a booking"
)
@no_store
@public_write("bookings-confirm")
def confirm_booking_email(request, payload: TokenIn):
    booking = services.confirm_email(payload.token)
    return {"status": booking.status}


@router.post("bookings/guardian-confirm", response=StatusOut, summary="A guardian confirms a minor's booking")
@no_store
@public_write("bookings-guardian")
def confirm_guardian(request, payload: TokenIn):
    booking = services.confirm_guardian(payload.token)
    return {"status": booking.status}
