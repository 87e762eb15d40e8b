"""Admin of the rooms module, under one "Sale" menu: rooms, equipment, house rules and requests.

All are registers that only the "Sale" group (and, for the requests, "Koordynacja
wolontariatu") can open: requests hold a group's contact data. Requests are not edited by
hand: their slots change only through the services, so no overlap is ever saved. House
rules get new versions; a published version is never edited or deleted.
"""

from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.options import ModelAdminGroup

from home.viewsets import ReadOnlyPermissionHelper, RegisterAdmin, RegisterPermissionHelper
from initiatives.rooms.models import Equipment, HouseRules, Room, RoomBooking


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


class RoomBookingAdmin(RegisterAdmin):
    model = RoomBooking
    menu_label = _("Rezerwacje sal")
    menu_icon = "date"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ["reference", "room", "starts_at", "ends_at", "status", "organiser_name", "participants"]
    list_filter = ["status", RoomFilter, "organiser_kind"]
    search_fields = ["reference", "organiser_name", "contact_name", "contact_email"]
    ordering = ["starts_at"]
    inspect_view_fields = [
        "reference", "room", "starts_at", "ends_at", "status", "organiser_kind", "organiser_name",
        "contact_name", "contact_email", "contact_phone", "purpose", "participants", "public_title",
        "public_description", "house_rules", "series", "created_at", "email_confirmed_at",
        "decided_at", "refusal_reason", "cancelled_at",
    ]  # fmt: skip


class RoomsAdminGroup(ModelAdminGroup):
    """The "Sale" menu."""

    menu_label = _("Sale")
    menu_icon = "home"
    menu_order = 330
    items = (RoomBookingAdmin, RoomAdmin, EquipmentAdmin, HouseRulesAdmin)
