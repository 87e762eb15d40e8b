"""Coordinators' admin of the registry (wagtail-modeladmin): volunteers, applications, consent
texts, and the record of who saw applicants' data.

Only "Koordynacja wolontariatu" holds these permissions (data migration); every
look at a volunteer's data — the inspect view and each exported row — is written
to Wagtail's audit log with who did it, and every look at an applicant's data to the
record of views (``ApplicantDataAccess``), which coordinators read here. An application's
status changes only through ``services.change_application_status`` (the "Zmień status" view).
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdminGroup
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView

from cas_site.errors import DomainError
from home.models import District
from home.viewsets import ReadOnlyPermissionHelper as NoChangePermissionHelper
from home.viewsets import RegisterAdmin, RegisterPermissionHelper
from volunteers.models import Area, Organisation, Skill
from volunteers.people import services
from volunteers.people.choices import AgeGroup, Channel, DataAccessKind
from volunteers.people.forms import ApplicationStatusForm
from volunteers.people.models import ApplicantDataAccess, Application, ConsentText, Volunteer

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
    """Shows the applicant's contact data: recorded as a view of it, like the partners' views."""

    action = APPLICATION_INSPECT_ACTION

    def get(self, request, *args, **kwargs):
        services.record_personal_data_view(
            self.instance,
            by=request.user,
            via=Channel.ADMIN,
            contact_shown=self.instance.volunteer_id is not None,
        )
        return super().get(request, *args, **kwargs)


class AuditedIndexView(IndexView):
    """Exports write one audit entry per exported volunteer (and per exported application)."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        for item in queryset:
            volunteer = item if isinstance(item, Volunteer) else getattr(item, "volunteer", None)
            if volunteer is not None:
                log(volunteer, EXPORT_ACTION, user=self.request.user, data={"format": spreadsheet_format})
                if isinstance(item, Application):
                    services.record_personal_data_view(
                        item, by=self.request.user, via=Channel.ADMIN, kind=DataAccessKind.EXPORT
                    )
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


class ApplicationPermissionHelper(RegisterPermissionHelper):
    """Applications arrive from volunteers and change only through the one status service."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_change_status(self, user, obj=None):
        if not self.user_has_specific_permission(user, self.get_perm_codename("change")):
            return False
        return obj is None or bool(services.allowed_statuses(obj, Channel.ADMIN))


class ApplicationButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if "status" not in (exclude or ()) and self.permission_helper.user_can_change_status(
            self.request.user, obj
        ):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("status", quote(obj.pk)),
                    "label": gettext("Zmień status"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": gettext("Przyjmij, odrzuć albo zakończ zgłoszenie"),
                }
            )
        return buttons


class ApplicationStatusView(InstanceSpecificView):
    """ "Zmień status": the statuses CAS staff may set now, with a message to the volunteer."""

    template_name = "volunteers/people/admin/application_status.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_change_status(user)

    def get_page_title(self):
        return gettext("Zmiana statusu zgłoszenia")

    def get_form(self):
        allowed = services.allowed_statuses(self.instance, Channel.ADMIN)
        if not allowed:
            return None
        return ApplicationStatusForm(self.request.POST or None, allowed=allowed)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and form.is_valid():
            try:
                services.change_application_status(
                    self.instance,
                    form.cleaned_data["status"],
                    by=request.user,
                    message=form.cleaned_data["message"],
                    via=Channel.ADMIN,
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    gettext("Zmieniono status zgłoszenia na „%(status)s”.")
                    % {"status": self.instance.get_status_display()},
                )
                return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted))
        return self.render_to_response(self.get_context_data(form=form), status=422)


class ApplicationAdmin(RegisterAdmin):
    model = Application
    menu_label = _("Zgłoszenia")
    menu_icon = "form"
    permission_helper_class = ApplicationPermissionHelper
    button_helper_class = ApplicationButtonHelper
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
        "closed_at",
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

    def status_view(self, request, instance_pk):
        return ApplicationStatusView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("status"),
                self.status_view,
                name=self.url_helper.get_action_url_name("status"),
            ),
        )


class ViewerOrganisationFilter(SimpleListFilter):
    """On whose behalf the data was seen: an organisation, or CAS staff."""

    title = _("w imieniu")
    parameter_name = "organizacja"

    def lookups(self, request, model_admin):
        used = ApplicantDataAccess.objects.filter(organisation__isnull=False).values("organisation")
        return [("cas", _("pracownicy CAS"))] + [
            (o.slug, o.name) for o in Organisation.objects.filter(pk__in=used).order_by("name")
        ]

    def queryset(self, request, queryset):
        if self.value() == "cas":
            return queryset.filter(organisation__isnull=True)
        if self.value():
            return queryset.filter(organisation__slug=self.value())
        return queryset


class ApplicationOrganisationFilter(SimpleListFilter):
    """Whose applicants: the organisation of the application's opportunity."""

    title = _("organizacja zgłoszenia")
    parameter_name = "zgloszenie_organizacji"

    def lookups(self, request, model_admin):
        used = ApplicantDataAccess.objects.values("application__opportunity__organisation")
        return [(o.slug, o.name) for o in Organisation.objects.filter(pk__in=used).order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(application__opportunity__organisation__slug=self.value())
        return queryset


class ApplicantDataAccessAdmin(RegisterAdmin):
    """Who saw which applicant's data, when, for whom and through what (coordinators only)."""

    model = ApplicantDataAccess
    menu_label = _("Wgląd w dane zgłoszeń")
    menu_icon = "view"
    permission_helper_class = NoChangePermissionHelper
    inspect_view_enabled = True
    list_display = ["at", "user", "organisation", "application_number", "via", "kind", "contact_shown"]
    list_filter = [
        ViewerOrganisationFilter,
        ApplicationOrganisationFilter,
        "via",
        "kind",
        "contact_shown",
        "at",
    ]
    list_select_related = ["user", "organisation"]
    search_fields = ["application_number", "user__username", "organisation__name"]
    list_export = list_display
    export_filename = "wglad-w-dane-zgloszen"


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
    items = (VolunteerAdmin, ApplicationAdmin, ConsentTextAdmin, ApplicantDataAccessAdmin)
