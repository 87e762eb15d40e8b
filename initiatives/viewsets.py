"""Coordinators' admin for idea submissions (wagtail-modeladmin): list, filters, search, export,
inspect with history, the review form and "Utwórz historię sukcesu".

Every change goes through ``initiatives.services``; the generic edit view is off so that no
status can be set around the workflow.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect
from django.urls import re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from cas_site.errors import DomainError
from home.models import District
from home.viewsets import RegisterAdmin, RegisterPermissionHelper
from initiatives import services
from initiatives.choices import SubmissionStatus
from initiatives.forms import ReviewForm
from initiatives.models import IdeaSubmission


class YearFilter(SimpleListFilter):
    title = gettext_lazy("rok zgłoszenia")
    parameter_name = "rok"

    def lookups(self, request, model_admin):
        years = (
            IdeaSubmission.objects.annotate(year=ExtractYear("submitted_at"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(submitted_at__year=int(self.value()))
        return queryset


class DistrictFilter(SimpleListFilter):
    # RelatedFieldListFilter needs django.contrib.admin's site, which this project doesn't install.
    title = gettext_lazy("dzielnica")
    parameter_name = "dzielnica"

    def lookups(self, request, model_admin):
        used = IdeaSubmission.objects.values("district")
        return [(d.slug, d.name) for d in District.objects.filter(pk__in=used)]

    def queryset(self, request, queryset):
        return queryset.filter(district__slug=self.value()) if self.value() else queryset


class MentorFilter(SimpleListFilter):
    title = gettext_lazy("opiekun z CAS")
    parameter_name = "opiekun"

    def lookups(self, request, model_admin):
        mentors = (
            get_user_model().objects.filter(mentored_ideas__isnull=False).distinct().order_by("username")
        )
        return [("brak", _("bez opiekuna"))] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in mentors
        ]

    def queryset(self, request, queryset):
        if self.value() == "brak":
            return queryset.filter(mentor__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(mentor_id=int(self.value()))
        return queryset


class IdeaSubmissionPermissionHelper(RegisterPermissionHelper):
    """Submissions arrive from the website and change only through the services."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_review(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))


class IdeaSubmissionButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        if self.permission_helper.user_can_review(user):
            if services.allowed_transitions(obj) or obj.is_active:
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url("review", quote(obj.pk)),
                        "label": _("Obsłuż"),
                        "classname": self.finalise_classname(["button-secondary"]),
                        "title": _("Zmień status, przypisz opiekuna, dodaj notatkę"),
                    }
                )
            if obj.status == SubmissionStatus.REALISED and not hasattr(obj, "success_story"):
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url("story", quote(obj.pk)),
                        "label": _("Utwórz historię sukcesu"),
                        "classname": self.finalise_classname(["button-secondary"]),
                        "title": _("Utwórz szkic historii sukcesu z tego pomysłu"),
                    }
                )
        return buttons


class IdeaSubmissionInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.instance.events.select_related("actor")
        context["buttons"] = self.button_helper.get_buttons_for_obj(self.instance, exclude=["inspect"])
        return context


class ReviewView(InstanceSpecificView):
    """The coordinator's form: new status (with a message to the leader), mentor, internal note."""

    template_name = "initiatives/admin/review.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_review(user)

    def get_page_title(self):
        return _("Obsługa zgłoszenia")

    def get_form(self):
        return ReviewForm(
            self.request.POST or None,
            submission=self.instance,
            allowed=services.allowed_transitions(self.instance),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.review_submission(
                    self.instance,
                    by=request.user,
                    status=data["status"],
                    message=data["message"],
                    mentor=data["mentor"],
                    mentor_changed=data["mentor"] != self.instance.mentor,
                    note=data["note"],
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("Zapisano zmiany w zgłoszeniu %(ref)s.") % {"ref": self.instance.reference}
                )
                return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted))
        return self.render_to_response(self.get_context_data(form=form), status=422)


class CreateStoryView(InstanceSpecificView):
    """ "Utwórz historię sukcesu": a draft story page prefilled from a realised idea."""

    template_name = "initiatives/admin/create_story.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_review(user)

    def get_page_title(self):
        return _("Utwórz historię sukcesu")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        try:
            page = services.create_story_draft(self.instance, by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "Utworzono szkic historii sukcesu „%(title)s”. "
                    "Redakcja może go teraz uzupełnić i opublikować."
                )
                % {"title": page.title},
            )
        return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted))


class IdeaSubmissionAdmin(RegisterAdmin):
    model = IdeaSubmission
    menu_label = gettext_lazy("Zgłoszone pomysły")
    menu_icon = "pick"
    menu_order = 300
    add_to_settings_menu = False
    permission_helper_class = IdeaSubmissionPermissionHelper
    button_helper_class = IdeaSubmissionButtonHelper
    inspect_view_enabled = True
    inspect_view_class = IdeaSubmissionInspectView
    inspect_template_name = "initiatives/admin/inspect.html"
    list_display = ("reference", "title", "group_name", "status", "district", "mentor", "submitted_at")
    list_filter = ("status", MentorFilter, DistrictFilter, YearFilter)
    list_select_related = ("district", "mentor")
    search_fields = ("reference", "group_name", "title", "leader_name", "email")
    ordering = ("-submitted_at",)
    list_export = (
        "reference",
        "submitted_at",
        "status",
        "group_name",
        "informal_group",
        "members_count",
        "age_min",
        "age_max",
        "title",
        "district",
        "needs",
        "funding_amount",
        "planned_start",
        "planned_end",
        "leader_name",
        "email",
        "phone",
        "mentor",
    )
    export_filename = "zgloszone-pomysly"
    inspect_view_fields = (
        "reference",
        "status",
        "submitted_at",
        "group_name",
        "informal_group",
        "members_count",
        "age_min",
        "age_max",
        "district",
        "title",
        "description",
        "needs",
        "funding_amount",
        "planned_start",
        "planned_end",
        "leader_name",
        "email",
        "phone",
        "birth_year",
        "guardian_email",
        "guardian_confirmed_at",
        "mentor",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district", "mentor")

    def review_view(self, request, instance_pk):
        return ReviewView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def story_view(self, request, instance_pk):
        return CreateStoryView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("review"),
                self.review_view,
                name=self.url_helper.get_action_url_name("review"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("story"),
                self.story_view,
                name=self.url_helper.get_action_url_name("story"),
            ),
        )
