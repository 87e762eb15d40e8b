"""Admin of the rooms module, under one "Sale" menu: the week calendar, requests, rooms,
equipment and house rules.

All are registers that only the "Sale" group (and, for the requests and the calendar,
"Koordynacja wolontariatu") can open: requests hold a group's contact data. Requests are not
edited by hand: staff decide on them with actions (approve, approve a whole series, refuse
with a reason, mark a no-show), each a confirmation page whose POST calls the service
(``initiatives.rooms.services``), which alone decides what may change; so no overlap is ever
saved and the requester is e-mailed by the same code whatever the path. House rules get new
versions; a published version is never edited or deleted.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdminGroup

from cas_site.errors import DomainError
from home.viewsets import ReadOnlyPermissionHelper, RegisterAdmin, RegisterPermissionHelper
from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import Equipment, HouseRules, Room, RoomBooking

#: Seeing requests and the calendar; deciding on requests.
VIEW_PERMISSION = "rooms.view_roombooking"
DECIDE_PERMISSION = "rooms.change_roombooking"
CALENDAR_URL_NAME = "rooms_calendar"


class NewVersionOnlyPermissionHelper(RegisterPermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RoomFilter(SimpleListFilter):
    """Requests for one room (Django's related-field filter needs django.contrib.admin)."""

    title = _("sala")
    parameter_name = "sala"

    def lookups(self, request, model_admin):
        return [(str(room.pk), room.name) for room in Room.objects.order_by("name")]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(room_id=value) if value and value.isdigit() else queryset


class RoomAdmin(RegisterAdmin):
    model = Room
    menu_label = _("Sale")
    menu_icon = "home"
    list_display = ["name", "capacity", "floor", "step_free", "bookable"]
    list_filter = ["step_free", "bookable"]
    search_fields = ["name"]


class EquipmentAdmin(RegisterAdmin):
    model = Equipment
    menu_label = _("Sprzęt do wypożyczenia")
    menu_icon = "cogs"
    list_display = ["name", "slug", "quantity"]
    search_fields = ["name"]


class HouseRulesAdmin(RegisterAdmin):
    model = HouseRules
    menu_label = _("Regulamin sal")
    menu_icon = "doc-full"
    permission_helper_class = NewVersionOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ["version", "published_at", "sha256"]
    panels = [FieldPanel("text"), FieldPanel("published_at")]


# --- decisions on a request ------------------------------------------------------------------

#: Statuses from which each action may start (the services check again: these only choose
#: which buttons to show).
REFUSABLE = [BookingStatus.AWAITING_EMAIL, BookingStatus.REQUESTED, BookingStatus.APPROVED]


def can_decide(user):
    return user.has_perm(DECIDE_PERMISSION)


def available_actions(booking, user, now=None):
    """The decisions ``user`` may take on ``booking`` now: action names in display order."""
    if not can_decide(user):
        return []
    now = now or timezone.now()
    actions = []
    if booking.status == BookingStatus.REQUESTED:
        actions.append("approve")
        if booking.series_id:
            actions.append("approve_series")
    if booking.status in REFUSABLE and booking.ends_at > now:
        actions.append("refuse")
    if booking.status == BookingStatus.APPROVED and booking.starts_at <= now:
        actions.append("no_show")
    return actions


ACTION_LABELS = {
    "approve": _("Zatwierdź"),
    "approve_series": _("Zatwierdź cały cykl"),
    "refuse": _("Odmów"),
    "no_show": _("Nie przyszli"),
}
ACTION_TITLES = {
    "approve": _("Zatwierdź prośbę o salę"),
    "approve_series": _("Zatwierdź wszystkie spotkania cyklu"),
    "refuse": _("Odmów sali"),
    "no_show": _("Zaznacz nieobecność"),
}


class RoomBookingButtonHelper(ButtonHelper):
    """Beside "inspect": a button for each decision the user may take on the request now."""

    def get_buttons_for_obj(self, obj, **kwargs):
        buttons = super().get_buttons_for_obj(obj, **kwargs)
        for action in available_actions(obj, self.request.user):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url(action, obj.pk),
                    "label": ACTION_LABELS[action],
                    "classname": "button button-small button-secondary",
                    "title": ACTION_TITLES[action],
                }
            )
        return buttons


def _safe_next(request, fallback):
    """Where to go after a decision: the page that asked (the calendar, the list), else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/admin/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class RoomBookingAdmin(RegisterAdmin):
    model = RoomBooking
    menu_label = _("Rezerwacje sal")
    menu_icon = "date"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = RoomBookingButtonHelper
    inspect_view_enabled = True
    list_display = ["reference", "room", "starts_at", "ends_at", "status", "organiser_name", "participants"]
    list_filter = ["status", RoomFilter, "organiser_kind"]
    search_fields = ["reference", "organiser_name", "contact_name", "contact_email"]
    ordering = ["starts_at"]
    inspect_view_fields = [
        "reference", "room", "starts_at", "ends_at", "status", "organiser_kind", "organiser_name",
        "contact_name", "contact_email", "contact_phone", "purpose", "participants", "public_title",
        "public_description", "house_rules", "series", "created_at", "email_confirmed_at",
        "decided_at", "decided_by", "refusal_reason", "cancelled_at", "reminder_sent_at",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("room")

    def decision_view(self, request, instance_pk, action):
        """A confirmation page (GET) for one decision; its POST calls the service."""
        if not can_decide(request.user):
            raise PermissionDenied
        booking = get_object_or_404(RoomBooking.objects.select_related("room", "series"), pk=instance_pk)
        back = _safe_next(request, self.url_helper.get_action_url("inspect", booking.pk))
        reason = ""
        error = None
        if request.method == "POST":
            reason = request.POST.get("reason", "")
            try:
                done = self._decide(request, booking, action, reason)
            except DomainError as refusal:
                error = str(refusal.message)
                if action != "refuse" or not isinstance(refusal, services.RefusalReasonRequired):
                    messages.error(request, error)
                    return redirect(back)
            else:
                messages.success(request, done)
                return redirect(back)
        series = []
        if action == "approve_series" and booking.series_id:
            series = list(booking.series.bookings.order_by("starts_at", "pk"))
        context = {
            "booking": booking,
            "action": action,
            "page_title": ACTION_TITLES[action],
            "header_icon": "date",
            "series": series,
            "reason": reason,
            "error": error,
            "next": back,
            "submit_label": ACTION_LABELS[action],
            "blocked_until": services.blocked_until(booking.contact_email),
            "window_days": settings.CAS_ROOMS_NO_SHOW_WINDOW_DAYS,
            "block_days": settings.CAS_ROOMS_NO_SHOW_BLOCK_DAYS,
        }
        return TemplateResponse(
            request, "initiatives/rooms/admin/decision.html", context, status=422 if error else 200
        )

    def _decide(self, request, booking, action, reason):
        """Call the service; the success message (a ``DomainError`` when it refuses)."""
        by = request.user
        if action == "approve":
            services.approve(booking, by)
            return gettext("Zatwierdzono %(reference)s; osoba prosząca dostanie e-mail.") % {
                "reference": booking.reference
            }
        if action == "approve_series":
            result = services.approve_series(booking, by)
            if not result.approved:
                raise services.NotChangeable(booking)
            return gettext(
                "Zatwierdzone spotkania cyklu: %(count)s (pominięte: %(skipped)s); "
                "osoba prosząca dostanie jeden e-mail z ich listą."
            ) % {"count": len(result.approved), "skipped": len(result.skipped)}
        if action == "refuse":
            refused = services.refuse(booking, reason, by)
            if refused.email_confirmed_at is None:
                message = gettext("Odmówiono %(reference)s; adres nie był potwierdzony, więc bez e-maila.")
            else:
                message = gettext("Odmówiono %(reference)s; osoba prosząca dostanie e-mail z powodem.")
            return message % {"reference": booking.reference}
        services.mark_no_show(booking)
        return gettext("Zaznaczono nieobecność przy %(reference)s.") % {"reference": booking.reference}

    def get_admin_urls_for_registration(self):
        urls = list(super().get_admin_urls_for_registration())
        for action in ACTION_LABELS:
            urls.append(
                re_path(
                    self.url_helper.get_action_url_pattern(action),
                    require_http_methods(["GET", "POST"])(
                        lambda request, instance_pk, action=action: self.decision_view(
                            request, instance_pk, action
                        )
                    ),
                    name=self.url_helper.get_action_url_name(action),
                )
            )
        return tuple(urls)


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


class RoomsAdminGroup(ModelAdminGroup):
    """The "Sale" menu: the week calendar first, then the registers."""

    menu_label = _("Sale")
    menu_icon = "home"
    menu_order = 330
    items = (RoomBookingAdmin, RoomAdmin, EquipmentAdmin, HouseRulesAdmin)

    def get_submenu_items(self):
        calendar = CalendarMenuItem(
            _("Kalendarz sal"),
            reverse(CALENDAR_URL_NAME),
            name="rooms-calendar",
            icon_name="calendar",
            order=0,
        )
        return [calendar, *super().get_submenu_items()]


# --- the week calendar ---------------------------------------------------------------------------


def _monday(value, today):
    """The Monday of the week of ``value`` (an ISO date), or of ``today`` when it is not one."""
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return day - timedelta(days=day.weekday())


def calendar(request):
    """Requests by room and week: what each room holds each day, its status in words, links to
    each request and the decisions the user may take (no JavaScript)."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    monday = _monday(request.GET.get("tydzien", ""), today)
    rooms = list(Room.objects.order_by("name"))
    chosen = request.GET.get("sala", "")
    selected = next((room for room in rooms if str(room.pk) == chosen), None)
    shown = [selected] if selected else rooms
    with_cancelled = request.GET.get("anulowane") == "1"
    starts = timezone.make_aware(datetime.combine(monday, time.min))
    ends = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))
    bookings = (
        RoomBooking.objects.filter(room__in=shown)
        .overlapping(starts, ends)
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    if not with_cancelled:
        bookings = bookings.exclude(status=BookingStatus.CANCELLED)
    days = [monday + timedelta(days=n) for n in range(7)]
    grid = {(room.pk, day): [] for room in shown for day in days}
    for booking in bookings:
        booking.start_local = timezone.localtime(booking.starts_at)
        booking.end_local = timezone.localtime(booking.ends_at)
        booking.actions = [
            {"name": name, "label": ACTION_LABELS[name], "title": ACTION_TITLES[name],
             "url": reverse(f"rooms_roombooking_modeladmin_{name}", args=[booking.pk])}
            for name in available_actions(booking, request.user, now)
        ]  # fmt: skip
        grid.setdefault((booking.room_id, booking.start_local.date()), []).append(booking)
    base = {"sala": selected.pk} if selected else {}
    if with_cancelled:
        base["anulowane"] = "1"

    def week_url(day):
        return f"{request.path}?{urlencode({**base, 'tydzien': day.isoformat()})}"

    context = {
        "page_title": _("Kalendarz sal"),
        "header_icon": "calendar",
        "rooms": rooms,
        "selected": selected,
        "with_cancelled": with_cancelled,
        "monday": monday,
        "sunday": days[-1],
        "today": today,
        "schedule": [
            {"room": room, "days": [{"day": day, "bookings": grid[(room.pk, day)]} for day in days]}
            for room in shown
        ],
        "previous_url": week_url(monday - timedelta(weeks=1)),
        "next_url": week_url(monday + timedelta(weeks=1)),
        "this_week_url": week_url(today),
        "here": request.get_full_path(),
        "can_decide": can_decide(request.user),
        "inspect_url_name": "rooms_roombooking_modeladmin_inspect",
    }
    return TemplateResponse(request, "initiatives/rooms/admin/calendar.html", context)


def admin_urls():
    return [path("sale/kalendarz/", calendar, name=CALENDAR_URL_NAME)]
