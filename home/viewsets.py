"""Shared admin base for the private intake registers (wagtail-modeladmin).

wagtail-modeladmin's history view checks no permission at all (any admin user got
``/admin/<app>/<model>/history/<id>/``), and its list and inspect views let in a user
holding *any* permission on the model. Every register derives from ``RegisterAdmin``
so each of its views asks the model's own view/change permission.
"""

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView


class RegisterPermissionHelper(PermissionHelper):
    """Seeing a register (list, inspect, history, export) needs its view or change permission."""

    def user_can_view(self, user):
        return any(
            self.user_has_specific_permission(user, self.get_perm_codename(action))
            for action in ("view", "change")
        )

    def user_can_list(self, user):
        return self.user_can_view(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_view(user)

    def user_can_view_history(self, user, obj):
        return self.user_can_view(user)


class ReadOnlyPermissionHelper(RegisterPermissionHelper):
    """Listing, inspecting and exporting only; changes go through the services."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RegisterHistoryView(HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_view_history(user, self.instance)


class RegisterAdmin(ModelAdmin):
    """A private register: every view checks the model's permissions (see the module docstring)."""

    permission_helper_class = RegisterPermissionHelper
    history_view_class = RegisterHistoryView

    #: Actions on one record beyond ModelAdmin's own (``{"decide": DecideView, ...}``): each gets
    #: the URL ``<prefix>/<action>/<pk>/`` named by the url helper; the view is built with
    #: ``model_admin`` and ``instance_pk`` and checks its own permission.
    action_views = {}

    def __init__(self, parent=None):
        super().__init__(parent)
        if not isinstance(self.permission_helper, RegisterPermissionHelper):
            raise TypeError(f"{type(self).__name__}: the permission helper must derive from it")

    def action_view(self, request, instance_pk, action):
        return self.action_views[action].as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            *(
                re_path(
                    self.url_helper.get_action_url_pattern(action),
                    self.action_view,
                    {"action": action},
                    name=self.url_helper.get_action_url_name(action),
                )
                for action in self.action_views
            ),
        )


# --- The outbox: what was sent, what waits, what failed (coordinators) ---------------------------

from django.contrib import messages  # noqa: E402
from django.contrib.admin import SimpleListFilter  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.db import transaction  # noqa: E402
from django.shortcuts import get_object_or_404, redirect  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.urls import re_path  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402
from django.views.decorators.http import require_http_methods  # noqa: E402
from wagtail_modeladmin.helpers import ButtonHelper  # noqa: E402

from home.models import OutgoingEmail  # noqa: E402

RESEND_PERMISSION = "home.resend_outgoingemail"


class DeliveryStateFilter(SimpleListFilter):
    title = _("stan")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("sent", _("wysłane")), ("failed", _("nieudane")), ("waiting", _("czekają"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("failed", "waiting"):
            return getattr(queryset, value)()
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


class KindFilter(SimpleListFilter):
    title = _("rodzaj")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        from home import outbox

        return [(kind, kind) for kind in outbox.kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class OutboxPermissionHelper(ReadOnlyPermissionHelper):
    """Messages are read, never written by hand (the outbox and the retention rules do that);
    a failed one may be sent again."""

    def user_can_resend(self, user, obj=None):
        return user.has_perm(RESEND_PERMISSION) and (obj is None or (obj.sent_at is None and obj.last_error))


class OutboxButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, **kwargs):
        buttons = super().get_buttons_for_obj(obj, **kwargs)
        if self.permission_helper.user_can_resend(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("resend", obj.pk),
                    "label": _("Wyślij ponownie"),
                    "classname": "button button-small button-secondary",
                    "title": _("Wyślij ponownie"),
                }
            )
        return buttons


class OutgoingEmailAdmin(RegisterAdmin):
    """Every e-mail the platform sent or is trying to send, for coordinators and superusers."""

    model = OutgoingEmail
    menu_label = _("Wysyłane e-maile")
    menu_icon = "mail"
    menu_order = 900
    add_to_settings_menu = False
    permission_helper_class = OutboxPermissionHelper
    button_helper_class = OutboxButtonHelper
    list_display = ["kind", "to", "created_at", "sent_at", "attempts", "last_error", "next_attempt_at"]
    list_filter = [DeliveryStateFilter, KindFilter]
    search_fields = ["to"]
    inspect_view_enabled = True
    inspect_view_fields = [*list_display, "language"]

    def resend_view(self, request, instance_pk):
        email = get_object_or_404(OutgoingEmail, pk=instance_pk)
        if not self.permission_helper.user_can_resend(request.user, email):
            raise PermissionDenied
        if request.method != "POST":  # the list's button opens a confirmation; only the POST acts
            return TemplateResponse(
                request,
                "home/admin/outbox_resend.html",
                {"email": email, "page_title": _("Wyślij ponownie"), "header_icon": "mail"},
            )
        from home import outbox

        with transaction.atomic():
            outbox.send_again(OutgoingEmail.objects.filter(pk=email.pk))
        messages.success(request, _("E-mail wróci do wysyłki za chwilę."))
        return redirect(self.url_helper.index_url)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("resend"),
                require_http_methods(["GET", "POST"])(self.resend_view),
                name=self.url_helper.get_action_url_name("resend"),
            ),
        )
