"""Website views of the workshops module: the listing and workshop pages (with the booking form),
.ics feeds, e-mail links."""

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from campaigns.workshops import services
from campaigns.workshops.choices import BookingStatus, LinkPurpose
from campaigns.workshops.forms import BookingForm, TokenForm, WorkshopFilterForm
from campaigns.workshops.ics import build_calendar
from campaigns.workshops.models import Booking, WorkshopSession, centre_address
from cas_site.errors import DomainError
from cas_site.public_writes import form_error, public_write, refused
from cas_site.ratelimit import client_address
from home import links
from home.views import emailed_link_page, paginate, render_page


def workshop_index(request, page, *args, **kwargs):
    """``/warsztaty/`` (a ``WorkshopIndexPage``): upcoming sessions grouped by month (or the
    archive with ``?archiwum=1``), filtered, paged."""
    form = WorkshopFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    archive = request.GET.get("archiwum") == "1"
    now = timezone.now()
    sessions = WorkshopSession.objects.public().with_seats().filter(page__path__startswith=page.path)
    if archive:
        sessions = sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        sessions = sessions.upcoming(now).order_by("starts_at", "pk")
    sessions = sessions.select_related("page", "page__image").filtered(
        date_from=filters.get("od"),
        date_to=filters.get("do"),
        audience=filters.get("audience"),
        topic=filters.get("topic"),
        has_seats=filters.get("wolne"),
    )
    page_obj = paginate(request, sessions, page.per_page)
    default_place = centre_address(request)
    for session in page_obj:
        session.place_display = session.get_place(default_place)
    months = [
        {"month": month, "sessions": list(items)}
        for month, items in groupby(
            page_obj, key=lambda s: timezone.localtime(s.starts_at).replace(day=1).date()
        )
    ]
    context = {"filter_form": form, "page_obj": page_obj, "months": months, "archive": archive}
    return render_page(request, page, context, *args, **kwargs)


def _open_sessions(page):
    now = timezone.now()
    sessions = list(
        page.sessions.with_seats().filter(starts_at__gt=now, cancelled=False).order_by("starts_at")
    )
    return [s for s in sessions if s.registration_is_open(now)]


BOOKED_MESSAGES = {
    BookingStatus.CONFIRMED: gettext_lazy(
        "Zapisano! Twoje miejsce jest potwierdzone — szczegóły wysłaliśmy e-mailem (numer {ref})."
    ),
    BookingStatus.WAITING_LIST: gettext_lazy(
        "Wszystkie miejsca są zajęte, więc zapisaliśmy Cię na listę rezerwową (miejsce {position}, numer {ref}). Napiszemy, gdy zwolni się miejsce."  # noqa: E501
    ),
    BookingStatus.AWAITING_GUARDIAN: gettext_lazy(
        "Trzymamy dla Ciebie miejsce przez 48 godzin. Poprosiliśmy Twojego opiekuna o zgodę e-mailem (numer {ref})."  # noqa: E501
    ),
    BookingStatus.AWAITING_EMAIL: gettext_lazy(
        "Trzymamy dla Ciebie miejsce przez {minutes} minut. Potwierdź zapis linkiem, który wysłaliśmy e-mailem (numer {ref})."  # noqa: E501
    ),
}
#: Added to the waiting-list message while the address is unconfirmed.
CONFIRM_WAITING = gettext_lazy("Potwierdź zgłoszenie linkiem z e-maila w ciągu {minutes} minut.")


def workshop_page(request, page, *args, **kwargs):
    """A workshop page with its sessions and the booking form (plain POST, no JavaScript)."""
    sessions = _open_sessions(page)
    form = BookingForm(request.POST if request.method == "POST" else None, sessions=sessions)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if not public_write("bookings").admit(request, data):  # honeypot: pretend success, store nothing
                messages.success(request, _("Zapisano! Szczegóły wysłaliśmy e-mailem."))
                return HttpResponseRedirect(page.url)
            result = services.book_seat(
                data["session"],
                client=client_address(request),
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                birth_year=data["birth_year"],
                guardian_email=data["guardian_email"],
                terms=data["terms"],
                language=translation.get_language(),
            )
        except DomainError as error:
            form_error(form, error)
            refusal = error
        else:
            booking = result.booking
            minutes = settings.CAS_BOOKING_EMAIL_HOLD_MINUTES
            text = str(BOOKED_MESSAGES[booking.status]).format(
                ref=booking.reference, position=result.position, minutes=minutes
            )
            if booking.email_confirmed_at is None and booking.status == BookingStatus.WAITING_LIST:
                text = f"{text} {str(CONFIRM_WAITING).format(minutes=minutes)}"
            messages.success(request, text)
            return HttpResponseRedirect(page.url)
    all_sessions = list(page.sessions.with_seats().filter(starts_at__gt=timezone.now()).order_by("starts_at"))
    default_place = centre_address(request)
    for session in all_sessions:
        session.place_display = session.get_place(default_place)
        session.open_now = session.registration_is_open()
    context = {
        "form": form,
        "sessions": all_sessions,
        "bookable": bool(sessions),
        "all_full": bool(sessions) and all(s.seats_left() == 0 for s in sessions),
        "default_place": default_place,
    }
    status = 422 if form.is_bound else 200
    response = render_page(request, page, context, *args, status=status, **kwargs)
    if request.method == "POST":
        add_never_cache_headers(response)  # a form sent back with errors repeats the person's data
    return refused(response, refusal)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@cache_control(public=True, max_age=300)
def calendar_ics(request):
    """All upcoming sessions (cancelled ones too, so subscribed calendars mark them)."""
    sessions = WorkshopSession.objects.public().upcoming().select_related("page").order_by("starts_at", "pk")
    content = build_calendar(
        sessions, name=_("Warsztaty CAS Sosnowiec"), default_place=centre_address(request)
    )
    return _ics_response(content, "warsztaty.ics")


@cache_control(public=True, max_age=300)
def session_ics(request, pk):
    session = get_object_or_404(WorkshopSession.objects.public().select_related("page"), pk=pk)
    content = build_calendar([session], name=session.page.title, default_place=centre_address(request))
    return _ics_response(content, f"warsztaty-{pk}.ics")


def _token_booking(raw, purpose):
    """The booking behind a still-usable link (for the confirmation page), or None."""
    try:
        link = links.find(raw, purpose)
    except links.LinkGone:
        return None
    return Booking.objects.select_related("session__page").filter(pk=link.object_id).first()


def _token_page(request, *, purpose, action, template, scope):
    """GET shows what the link will do and a button; only the POST acts (links get prefetched)."""
    raw = request.POST.get("token") if request.method == "POST" else request.GET.get("token")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                public_write(scope).admit(request)
                booking = action(form.cleaned_data["token"])
            except DomainError as error:
                response = render(
                    request, template, {"gone": True, "message": error.message}, status=error.status
                )
                return refused(response, error)
            return render(request, template, {"done": True, "booking": booking})
    booking = _token_booking(raw, purpose)
    if booking is None:
        return render(request, template, {"gone": True}, status=410)
    return render(request, template, {"booking": booking, "form": TokenForm(initial={"token": raw})})


def _link_page(purpose, action, scope, template):
    """The page of one kind of e-mailed link (see ``home.views.emailed_link_page``)."""

    @emailed_link_page
    @require_http_methods(["GET", "POST"])
    def view(request):
        return _token_page(request, purpose=purpose, action=action, scope=scope, template=template)

    return view


cancel = _link_page(
    LinkPurpose.CANCEL, services.cancel_booking, "bookings-cancel", "campaigns/workshops/cancel.html"
)
guardian_confirm = _link_page(
    LinkPurpose.GUARDIAN,
    services.confirm_guardian,
    "bookings-guardian",
    "campaigns/workshops/guardian_confirm.html",
)
confirm_email = _link_page(
    LinkPurpose.EMAIL, services.confirm_email, "bookings-confirm", "campaigns/workshops/confirm_email.html"
)
