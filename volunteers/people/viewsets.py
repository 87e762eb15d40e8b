"""Coordinators' admin of the registry (wagtail-modeladmin): volunteers, applications, consent texts.

Only "Koordynacja wolontariatu" holds these permissions (data migration); every
look at a volunteer's data — the inspect view and each exported row — is written
to Wagtail's audit log with who did it.
"""

from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail_modeladmin.options import ModelAdminGroup
from wagtail_modeladmin.views import IndexView, InspectView

from home.models import District
from home.viewsets import ReadOnlyPermissionHelper as NoChangePermissionHelper
from home.viewsets import RegisterAdmin, RegisterPermissionHelper
from volunteers.models import Area, Organisation, Skill
from volunteers.people.choices import AgeGroup
from volunteers.people.models import Application, ConsentText, Volunteer

INSPECT_ACTION = "cas.volunteer.inspect"
EXPORT_ACTION = "cas.volunteer.export"
APPLICATION_INSPECT_ACTION = "cas.application.inspect"


class AgeGroupFilter(SimpleListFilter):
    """Age bands by birth year (the registry stores no birth dates)."""

    title = _("grupa wiekowa")
    parameter_name = "wiek"

    def lookups(self, request, model_admin):
        return AgeGroup.choices

    def queryset(self, request, queryset):
        year = timezone.localdate().year
        bands = {
            AgeGroup.UNDER_16: Q(birth_year__gt=year - 16),
            AgeGroup.UNDER_18: Q(birth_year__lte=year - 16, birth_year__gt=year - 18),
            AgeGroup.ADULT: Q(birth_year__lte=year - 18, birth_year__gte=year - 25),
            AgeGroup.OLDER: Q(birth_year__lt=year - 25),
        }
        condition = bands.get(self.value())
        return queryset.filter(condition) if condition is not None else queryset


class VocabularyFilter(SimpleListFilter):
    """Filter by a related vocabulary term (slug in the URL).

    Django's own related-field filters need ``django.contrib.admin`` installed,
    which this project does not use, so the registry lists its own choices.
    """

    model = None
    lookup = ""

    def lookups(self, request, model_admin):
        return [(term.slug, term.name) for term in self.model.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.lookup}__slug": self.value()}).distinct()
        return queryset


def vocabulary_filter(model, lookup, title, parameter):
    return type(
        f"{model.__name__}{parameter.title()}Filter",
        (VocabularyFilter,),
        {"model": model, "lookup": lookup, "title": title, "parameter_name": parameter},
    )


class AuditedInspectView(InspectView):
    action = INSPECT_ACTION

    def get(self, request, *args, **kwargs):
        log(self.instance, self.action, user=request.user)
        return super().get(request, *args, **kwargs)


class AuditedApplicationInspectView(AuditedInspectView):
    action = APPLICATION_INSPECT_ACTION


class AuditedIndexView(IndexView):
    """Exports write one audit entry per exported volunteer."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        for item in queryset:
            volunteer = item if isinstance(item, Volunteer) else getattr(item, "volunteer", None)
            if volunteer is not None:
                log(volunteer, EXPORT_ACTION, user=self.request.user, data={"format": spreadsheet_format})
        return super().as_spreadsheet(queryset, spreadsheet_format)


class NewVersionOnlyPermissionHelper(RegisterPermissionHelper):
    """Consent texts: staff add new versions; a published version is never edited or deleted."""

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class VolunteerAdmin(RegisterAdmin):
    model = Volunteer
    menu_label = _("Wolontariusze")
    menu_icon = "user"
    permission_helper_class = NoChangePermissionHelper
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "first_name", "email", "phone", "birth_year", "district", "skills", "areas", "availability",
        "about", "guardian_email", "status", "wants_newsletter", "created_at", "confirmed_at",
        "guardian_confirmed_at", "last_active_at",
    ]  # fmt: skip
    list_display = ["first_name", "status", "district", "birth_year", "age_group", "created_at"]
    list_filter = [
        "status",
        vocabulary_filter(District, "district", _("dzielnica"), "dzielnica"),
        vocabulary_filter(Skill, "skills", _("umiejętności"), "umiejetnosc"),
        vocabulary_filter(Area, "areas", _("obszary"), "obszar"),
        AgeGroupFilter,
    ]
    list_select_related = ["district"]
    search_fields = ["first_name", "email", "phone"]
    list_export = [
        "first_name", "email", "phone", "birth_year", "district", "status", "availability", "created_at",
    ]  # fmt: skip
    export_filename = "wolontariusze"


class ApplicationAdmin(RegisterAdmin):
    model = Application
    menu_label = _("Zgłoszenia")
    menu_icon = "form"
    index_view_class = AuditedIndexView
    inspect_view_class = AuditedApplicationInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "opportunity",
        "volunteer_contact",
        "message",
        "status",
        "created_at",
        "updated_at",
    ]
    list_display = ["opportunity", "volunteer_name", "status", "created_at"]
    list_filter = [
        "status",
        vocabulary_filter(Organisation, "opportunity__organisation", _("organizacja"), "organizacja"),
        vocabulary_filter(District, "volunteer__district", _("dzielnica wolontariusza"), "dzielnica"),
    ]
    list_select_related = ["opportunity", "volunteer"]
    search_fields = ["opportunity__title", "volunteer__first_name", "volunteer__email", "message"]
    list_export = [
        "opportunity",
        "volunteer_name",
        "volunteer_email",
        "volunteer_phone",
        "message",
        "status",
        "created_at",
    ]
    export_filename = "zgloszenia"
    panels = [FieldPanel("status")]

    @staticmethod
    def _volunteer(obj, field):
        return getattr(obj.volunteer, field) if obj.volunteer else "—"

    def volunteer_name(self, obj):
        return self._volunteer(obj, "first_name")

    volunteer_name.short_description = _("wolontariusz")

    def volunteer_email(self, obj):
        return self._volunteer(obj, "email")

    volunteer_email.short_description = _("e-mail")

    def volunteer_phone(self, obj):
        return self._volunteer(obj, "phone")

    volunteer_phone.short_description = _("telefon")


class ApplicationPermissionHelper(RegisterPermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


ApplicationAdmin.permission_helper_class = ApplicationPermissionHelper


class ConsentTextAdmin(RegisterAdmin):
    model = ConsentText
    menu_label = _("Treści zgód")
    menu_icon = "doc-full"
    permission_helper_class = NewVersionOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ["purpose", "version", "published_at", "sha256"]
    list_filter = ["purpose"]
    panels = [FieldPanel("purpose"), FieldPanel("text")]


class RegistryAdminGroup(ModelAdminGroup):
    """The "Rejestr wolontariuszy" menu: personal data, for volunteer coordinators only."""

    menu_label = _("Rejestr wolontariuszy")
    menu_icon = "user"
    menu_order = 310
    items = (VolunteerAdmin, ApplicationAdmin, ConsentTextAdmin)
