"""Website views of the meeting place: the rooms and their free and busy times, the request
form, the pages the request's e-mails link to, the open meetings and their calendars.

Every view answers 404 while ``CAS_ROOMS_PUBLIC`` is off (``rooms_public``). Views parse and
render; the rules are ``initiatives.rooms.services``. Pages opened from an e-mailed link show
only the room, the times, the reference and the statuses, never what the requester typed:
the link may have reached an address nobody has confirmed yet.
"""

from datetime import date, datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods
from wagtail.images import get_image_model
from wagtail.models import Site

from cas_site.errors import DomainError, RateLimited, TokenGone
from cas_site.public_writes import form_error, public_write, refused
from home.models import CentreSettings
from home.views import emailed_link_page, paginate
from initiatives.rooms import ics, services
from initiatives.rooms.choices import BookingStatus, LinkPurpose
from initiatives.rooms.forms import EQUIPMENT_PREFIX, RoomBookingForm, TokenForm
from initiatives.rooms.models import Equipment, HouseRules, Room

ROOM_PHOTO = "fill-640x400|format-webp"
ROOMS_PER_PAGE = 20
MEETINGS_PER_PAGE = 20
#: Days of a room's free and busy times on one page; the arrows move by as many.
DAYS_SHOWN = 7
SESSION_KEY = "rooms_request"
#: Refusals about the day rather than the hour: shown next to the date field.
DAY_ERRORS = (services.ClosedDay, services.TooSoon, services.TooFarAhead)


def rooms_public(view):
    """Not found while the meeting place is off the public site (``CAS_ROOMS_PUBLIC``)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.CAS_ROOMS_PUBLIC:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def centre_address(request) -> str:
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return (CentreSettings.for_site(site) if site else CentreSettings()).address


def _rooms():
    photos = get_image_model().objects.prefetch_renditions(ROOM_PHOTO)
    return (
        Room.objects.filter(bookable=True)
        .prefetch_related(Prefetch("photo", queryset=photos))
        .order_by("name", "pk")
    )


def _room(slug) -> Room:
    return get_object_or_404(_rooms().prefetch_related("opening_hours", "closed_days"), slug=slug)


# --- rooms ----------------------------------------------------------------------------------


@rooms_public
def room_list(request):
    return render(
        request,
        "initiatives/rooms/room_list.html",
        {"page_obj": paginate(request, _rooms(), ROOMS_PER_PAGE), "photo_spec": ROOM_PHOTO},
    )


def _first_day(request, today, last) -> date:
    try:
        day = date.fromisoformat((request.GET.get("od") or "")[:10])
    except ValueError:
        return today
    return min(max(day, today), last)


@rooms_public
def room_detail(request, slug):
    """A room: what it is and has, when it is open, the house rules, and its free and busy times
    (``?od=`` moves the week; the bookable horizon bounds it)."""
    room = _room(slug)
    now = timezone.now()
    today = timezone.localdate(now)
    last = today + timedelta(days=settings.CAS_ROOMS_MAX_DAYS_AHEAD)
    first = _first_day(request, today, last)
    week = services.room_week(room, first, DAYS_SHOWN, now=now)
    previous = first - timedelta(days=DAYS_SHOWN)
    following = first + timedelta(days=DAYS_SHOWN)
    context = {
        "room": room,
        "photo_spec": ROOM_PHOTO,
        "week": week,
        "first": first,
        "final": first + timedelta(days=DAYS_SHOWN - 1),
        "previous": max(previous, today) if first > today else None,
        "following": following if following <= last else None,
        "earliest": services.earliest_date(today),
        "latest": last,
        "closed_days": [d for d in room.closed_days.all() if d.date >= today],
        "lendable": Equipment.objects.order_by("name"),
        "rules": HouseRules.in_force(now),
    }
    return render(request, "initiatives/rooms/room_detail.html", context)


# --- the request form -----------------------------------------------------------------------


def _show_refusal(form, error):
    """Put a refusal of the service next to the field it concerns."""
    if isinstance(error, DAY_ERRORS):
        form.add_error("day", str(error.message))
    elif isinstance(error, services.EquipmentUnavailable) and EQUIPMENT_PREFIX + error.slug in form.fields:
        form.add_error(EQUIPMENT_PREFIX + error.slug, str(error.message))
    else:
        form_error(form, error)


def _interval(starts_at, ends_at) -> list[str]:
    return [timezone.localtime(starts_at).isoformat(), timezone.localtime(ends_at).isoformat()]


@rooms_public
@never_cache  # a form with a CSRF token and, after errors, what the person typed
@require_http_methods(["GET", "POST"])
def request_room(request, slug):
    """``/sale/<slug>/rezerwuj/``: ask for the room (prefilled from a free period of its week)."""
    room = _room(slug)
    rules = HouseRules.in_force()
    equipment = list(Equipment.objects.order_by("name"))
    posted = request.POST if request.method == "POST" else None
    form = RoomBookingForm(
        posted, equipment=equipment, rules=rules, initial=RoomBookingForm.prefill(request.GET)
    )
    status = 200
    refusal = None
    if posted is not None:
        status = 422
        if form.is_valid():
            data = form.booking_data()
            try:
                if not public_write("room-bookings").admit(request, form.cleaned_data):
                    # a bot filled the honeypot: the usual answer, nothing stored or sent
                    return _sent(
                        request,
                        room,
                        services.fake_reference(),
                        [_interval(data["starts_at"], data["ends_at"])],
                        [],
                    )
                result = services.request_booking(
                    room_id=room.pk, language=translation.get_language(), **data
                )
            except RateLimited as error:
                form_error(form, error)
                refusal = error
            except DomainError as error:
                _show_refusal(form, error)
            else:
                return _sent(
                    request,
                    room,
                    result.reference,
                    [_interval(b.starts_at, b.ends_at) for b in result.bookings],
                    [[*_interval(s.starts_at, s.ends_at), str(s.error)] for s in result.skipped],
                )
    context = {"room": room, "form": form, "rules": rules, "lendable": equipment}
    response = render(request, "initiatives/rooms/request.html", context, status=status)
    return refused(response, refusal)


def _sent(request, room, reference, held, skipped):
    request.session[SESSION_KEY] = {
        "room": room.slug,
        "reference": reference,
        "held": held,
        "skipped": skipped,
    }
    return redirect("rooms:request_sent", slug=room.slug)


def _moments(items):
    return [
        {
            "starts_at": datetime.fromisoformat(item[0]),
            "ends_at": datetime.fromisoformat(item[1]),
            "reason": item[2] if len(item) > 2 else "",
        }
        for item in items
    ]


@rooms_public
@never_cache
def request_sent(request, slug):
    """The thank-you page: check your e-mail; what is held, what was skipped and why."""
    result = request.session.get(SESSION_KEY)
    if not result or result.get("room") != slug:
        return redirect("rooms:request", slug=slug)
    context = {
        "room": _room(slug),
        "reference": result["reference"],
        "held": _moments(result["held"]),
        "skipped": _moments(result["skipped"]),
        "hold_minutes": settings.CAS_ROOMS_EMAIL_HOLD_MINUTES,
    }
    return render(request, "initiatives/rooms/request_sent.html", context)


# --- pages opened from the e-mailed links -------------------------------------------------------


def _gone(request, template, error):
    response = render(request, template, {"gone": error.message}, status=error.status)
    return refused(response, error)


def _skipped(booking):
    return booking.series.skipped_occurrences if booking.series_id else []


@rooms_public
@emailed_link_page
@require_http_methods(["GET", "POST"])
def confirm(request):
    """The confirmation link: GET shows what will be confirmed, only the button's POST confirms
    (mail scanners open links). Afterwards: which occurrences are held for staff, which were
    refused because the room was taken."""
    template = "initiatives/rooms/confirm.html"
    form = TokenForm(request.POST if request.method == "POST" else {"token": request.GET.get("token", "")})
    try:
        if not form.is_valid():
            raise TokenGone(LinkPurpose.EMAIL.gone_message)
        token = form.cleaned_data["token"]
        if request.method == "POST":
            public_write("room-bookings-confirm").admit(request)
            held = services.confirm_email_link(token)
            booking = held[0]
            context = {"done": True, "booking": booking, "held": held}
        else:
            booking = services.booking_of_link(token, LinkPurpose.EMAIL)
            held = [b for b in services.occurrences_of(booking) if b.status == BookingStatus.AWAITING_EMAIL]
            context = {"booking": booking, "held": held, "form": form}
    except DomainError as error:
        return _gone(request, template, error)
    context.update(room=booking.room, reference=_reference(booking), skipped=_skipped(booking))
    return render(request, template, context)


def _reference(booking) -> str:
    return booking.series.reference if booking.series_id else booking.reference


def _ics_url(token) -> str:
    return f"{reverse('rooms:booking_ics')}?token={token}"


@rooms_public
@emailed_link_page
@require_http_methods(["GET", "POST"])
def manage(request):
    """The cancel link: the request's occurrences and their statuses, a button to cancel one of
    them (the link stays usable) or all of them (the link is used up), the .ics file."""
    template = "initiatives/rooms/manage.html"
    form = TokenForm(request.POST if request.method == "POST" else {"token": request.GET.get("token", "")})
    notice = problem = None
    status = 200
    try:
        if not form.is_valid():
            raise TokenGone(LinkPurpose.CANCEL.gone_message)
        token = form.cleaned_data["token"]
        if request.method == "POST":
            public_write("room-bookings-cancel").admit(request)
            try:
                if request.POST.get("action") == "all":
                    booking = services.cancel_link(token)  # uses the link up
                    context = {"done": True, "room": booking.room, "reference": _reference(booking)}
                    return render(
                        request, template, {**context, "occurrences": services.occurrences_of(booking)}
                    )
                cancelled = services.cancel_occurrence_link(token, request.POST.get("occurrence", ""))
            except TokenGone:
                raise
            except DomainError as error:  # that occurrence is over, or not this request's
                problem, status = error.message, error.status
            else:
                notice = _("Odwołaliśmy spotkanie %(when)s. Pozostałe terminy są bez zmian.") % {
                    "when": _when(cancelled)
                }
        booking = services.booking_of_link(token, LinkPurpose.CANCEL)
    except (TokenGone, RateLimited) as error:
        return _gone(request, template, error)
    now = timezone.now()
    occurrences = list(services.occurrences_of(booking))
    for occurrence in occurrences:
        occurrence.cancellable = occurrence.status in services.OPEN and occurrence.ends_at > now
    context = {
        "room": booking.room,
        "reference": _reference(booking),
        "occurrences": occurrences,
        "any_cancellable": any(o.cancellable for o in occurrences),
        "series": booking.series_id is not None,
        "token": token,
        "ics_url": _ics_url(token),
        "notice": notice,
        "problem": problem,
    }
    return render(request, template, context, status=status)


def _when(booking) -> str:
    starts, ends = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{date_format(starts, 'l, j E Y, H:i')}–{date_format(ends, 'H:i')}"


def _ics_response(content, filename, *, attachment=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@rooms_public
@emailed_link_page
@require_http_methods(["GET"])
def booking_ics(request):
    """The requester's booking as an .ics file. Two e-mailed links lead here, and reading the
    file uses neither: the calendar link of the approval and reminder e-mails (the approved
    meetings still to come, ``services.calendar_bookings``; calendar apps fetch it again and
    again) and the cancel link's manage page (every occurrence, with its status)."""
    token = request.GET.get("token", "")
    try:
        occurrences = services.calendar_bookings(token)
        booking = occurrences[0]
    except TokenGone:
        try:
            booking = services.booking_of_link(token, LinkPurpose.CANCEL)
        except TokenGone as error:
            return _gone(request, "initiatives/rooms/manage.html", error)
        occurrences = services.occurrences_of(booking)
    reference = _reference(booking)
    content = ics.booking_calendar(
        occurrences,
        name=_("Rezerwacja sali %(reference)s") % {"reference": reference},
        address=centre_address(request),
    )
    return _ics_response(content, f"rezerwacja-{reference}.ics", attachment=True)


# --- open meetings ----------------------------------------------------------------------------


@rooms_public
def meeting_list(request):
    return render(
        request,
        "initiatives/rooms/meeting_list.html",
        {"page_obj": paginate(request, services.public_meetings(), MEETINGS_PER_PAGE)},
    )


def _meeting(pk):
    meeting = services.public_meetings().filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@rooms_public
def meeting_detail(request, pk):
    return render(request, "initiatives/rooms/meeting_detail.html", {"meeting": _meeting(pk)})


@rooms_public
@cache_control(public=True, max_age=300)
def meetings_ics(request):
    content = ics.meetings_calendar(
        services.public_meetings(),
        name=_("Otwarte spotkania w CAS Sosnowiec"),
        address=centre_address(request),
    )
    return _ics_response(content, "spotkania.ics")


@rooms_public
@cache_control(public=True, max_age=300)
def meeting_ics(request, pk):
    meeting = _meeting(pk)
    content = ics.meetings_calendar([meeting], name=meeting.public_title, address=centre_address(request))
    return _ics_response(content, f"spotkanie-{pk}.ics")
