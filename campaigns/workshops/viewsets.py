"""Admin of the workshops module: the bookings register and a per-session seats overview.

Both are wagtail-modeladmin registers that only the "Warsztaty" group can open
(communications staff never see personal data). Bookings are not edited by hand:
seats change only through the services, so the capacity rule is never bypassed.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail_modeladmin.options import ModelAdminGroup

from campaigns.workshops import services
from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking, WorkshopSession
from home.viewsets import ReadOnlyPermissionHelper, RegisterAdmin

ATTENDANCE_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW]


class SessionFilter(SimpleListFilter):
    """Bookings of one session (Django's related-field filter needs django.contrib.admin)."""

    title = gettext_lazy("termin")
    parameter_name = "termin"

    def lookups(self, request, model_admin):
        sessions = WorkshopSession.objects.select_related("page").order_by("-starts_at")[:100]
        return [(str(s.pk), str(s)) for s in sessions]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(session_id=value) if value and value.isdigit() else queryset


class BookingAdmin(RegisterAdmin):
    model = Booking
    menu_label = gettext_lazy("Zapisy")
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("reference", "name", "email", "session", "status", "waiting_position", "created_at")
    list_filter = ("status", SessionFilter)
    search_fields = ("reference", "name", "email", "guardian_email")
    # Waiting-list order: session, then status, then when the person joined the queue.
    ordering = ("session__starts_at", "status", "queued_at", "id")
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "session",
        "status",
        "name",
        "email",
        "phone",
        "birth_year",
        "guardian_email",
        "guardian_confirmed_at",
        "language",
        "created_at",
        "queued_at",
        "hold_expires_at",
        "cancelled_at",
        "reminder_sent_at",
    ]
    list_export = [
        "reference",
        "session",
        "status",
        "name",
        "email",
        "phone",
        "birth_year",
        "guardian_email",
        "language",
        "created_at",
        "queued_at",
    ]
    export_filename = "zapisy-na-warsztaty"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session__page")


class WorkshopSessionAdmin(RegisterAdmin):
    model = WorkshopSession
    menu_label = gettext_lazy("Terminy i miejsca")
    menu_icon = "date"
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = (
        "__str__",
        "capacity",
        "seats_left",
        "waiting_count_display",
        "status_display",
        "attendance_link",
    )
    list_filter = ("cancelled",)
    search_fields = ("page__title",)
    ordering = ("-starts_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats().select_related("page")

    def waiting_count_display(self, obj):
        return obj.waiting_count

    waiting_count_display.short_description = gettext_lazy("lista rezerwowa")

    def status_display(self, obj):
        if obj.cancelled:
            return _("odwołany")
        return _("zapisy otwarte") if obj.registration_is_open() else _("zapisy zamknięte")

    status_display.short_description = gettext_lazy("status")

    def attendance_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("workshop_attendance", args=[obj.pk]), _("Lista obecności")
        )

    attendance_link.short_description = gettext_lazy("obecność")


class WorkshopsAdminGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Warsztaty")
    menu_icon = "group"
    menu_order = 300
    items = (WorkshopSessionAdmin, BookingAdmin)


def attendance(request, session_id):
    """Mark attendance of a session's confirmed participants in bulk (one form, no JavaScript)."""
    if not request.user.has_perm("workshops.change_booking"):
        raise PermissionDenied
    session = get_object_or_404(WorkshopSession.objects.with_seats().select_related("page"), pk=session_id)
    if request.method == "POST":
        ids = request.POST.getlist("booking")
        status = request.POST.get("status")
        if status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW) and ids:
            changed = services.mark_attendance(
                session.bookings.filter(pk__in=ids).values_list("pk", flat=True), status
            )
            messages.success(request, _("Zaktualizowano obecność: %(count)s os.") % {"count": changed})
        else:
            messages.error(request, _("Zaznacz osoby i wybierz, co oznaczyć."))
        return redirect("workshop_attendance", session_id=session.pk)
    bookings = session.bookings.filter(status__in=ATTENDANCE_STATUSES).order_by("name")
    waiting = session.bookings.filter(status=BookingStatus.WAITING_LIST).order_by("queued_at", "id")
    held = session.bookings.filter(status=BookingStatus.AWAITING_GUARDIAN).order_by("queued_at", "id")
    return TemplateResponse(
        request,
        "campaigns/workshops/admin/attendance.html",
        {
            "session": session,
            "bookings": bookings,
            "waiting": waiting,
            "held": held,
            "now": timezone.now(),
            "header_title": _("Lista obecności"),
        },
    )


def admin_urls():
    return [path("warsztaty/obecnosc/<int:session_id>/", attendance, name="workshop_attendance")]
