"""Admin of the public directory: organisations, opportunities, skills and areas under "Wolontariat";
and the coordinators' review of youth projects organisations propose to co-organise with CAS
(wagtail-modeladmin: list, filters, search, inspect with the comment thread, and the decision
actions, each calling one service)."""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.snippets import (
    ConfirmWorkflowCancellationView,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from cas_site.errors import DomainError
from home.viewsets import RegisterAdmin, RegisterPermissionHelper
from volunteers import services
from volunteers.choices import ProjectNeed, ProjectStatus
from volunteers.forms import (
    OrganisationForm,
    ProjectCommentForm,
    ProjectDecisionForm,
    ProjectLinksForm,
    ProjectStepForm,
)
from volunteers.models import Area, Opportunity, Organisation, Skill, YouthProject


class CheckedConfirmWorkflowCancellationView(PermissionCheckedMixin, ConfirmWorkflowCancellationView):
    """The "publishing ends the review" confirmation: Wagtail's view checks no permission, so any
    admin user could learn which records wait for moderation (the permission matrix found it)."""

    permission_required = "change"


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    confirm_workflow_cancellation_view_class = CheckedConfirmWorkflowCancellationView
    # The form sends a new address for applications through the confirmed, audited change.
    edit_handler = ObjectList(Organisation.panels, base_form_class=OrganisationForm)
    icon = "group"
    menu_label = _("Organizacje")
    list_display = ["name", "krs", "district", "accepts_volunteers", "verified"]
    list_filter = ["district", "areas", "accepts_volunteers", "partners_informal_groups", "verified"]
    list_export = [
        "name", "slug", "krs", "district", "address", "website", "email", "phone",
        "accepts_volunteers", "partners_informal_groups", "verified", "live",
    ]  # fmt: skip
    export_filename = "organizacje"
    # Search goes through the model's own search_fields (it is index.Indexed).
    ordering = ["name"]


class OpportunityViewSet(SnippetViewSet):
    model = Opportunity
    confirm_workflow_cancellation_view_class = CheckedConfirmWorkflowCancellationView
    icon = "tasks"
    menu_label = _("Oferty")
    list_display = ["title", "organisation", "commitment", "min_age", "application_deadline", "ends_on"]
    list_filter = ["organisation", "commitment", "remote", "district", "skills", "areas"]
    list_export = [
        "title", "organisation", "commitment", "hours", "district", "remote", "min_age",
        "starts_on", "ends_on", "application_deadline", "places", "live",
    ]  # fmt: skip
    export_filename = "oferty-wolontariatu"
    # Search goes through the model's own search_fields (it is index.Indexed).


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "pick"
    menu_label = _("Umiejętności")
    list_display = ["name", "slug"]
    list_export = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "tag"
    menu_label = _("Obszary działania")
    list_display = ["name", "slug"]
    list_export = ["name", "slug"]
    search_fields = ["name"]


class VolunteeringViewSetGroup(SnippetViewSetGroup):
    """The "Wolontariat" admin menu (the volunteer registry adds its registers next to it)."""

    menu_label = _("Wolontariat")
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationViewSet, OpportunityViewSet, SkillViewSet, AreaViewSet)


# --- Youth projects co-organised with CAS (volunteer coordinators) --------------------------------


class ProjectNeedFilter(SimpleListFilter):
    title = _("czego oczekuje od CAS")
    parameter_name = "wsparcie"

    def lookups(self, request, model_admin):
        return ProjectNeed.choices

    def queryset(self, request, queryset):
        if self.value() in ProjectNeed.values:
            return queryset.filter(needs__icontains=f'"{self.value()}"')  # a JSON list of slugs
        return queryset


class ProjectOrganisationFilter(SimpleListFilter):
    title = _("organizacja")
    parameter_name = "organizacja"

    def lookups(self, request, model_admin):
        used = YouthProject.objects.values("organisation")
        return [(o.slug, o.name) for o in Organisation.objects.filter(pk__in=used).order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(organisation__slug=self.value()) if self.value() else queryset


class ProjectYearFilter(SimpleListFilter):
    title = _("rok zgłoszenia")
    parameter_name = "rok"

    def lookups(self, request, model_admin):
        years = YouthProject.objects.dates("submitted_at", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(submitted_at__year=int(self.value()))
        return queryset


class YouthProjectPermissionHelper(RegisterPermissionHelper):
    """Projects come from organisations (the partner portal) and change only through the services."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_review(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))


#: The review actions: URL name -> (button label, which projects offer it).
PROJECT_ACTIONS = {
    "decide": (_("Zdecyduj"), lambda p: p.status == ProjectStatus.SUBMITTED),
    "start": (_("Rozpocznij"), lambda p: p.status == ProjectStatus.ACCEPTED),
    "finish": (_("Zakończ"), lambda p: p.status == ProjectStatus.RUNNING),
    "links": (_("Powiąż"), lambda p: p.status in services.LINKABLE_PROJECT_STATUSES),
    "story": (
        _("Utwórz historię sukcesu"),
        lambda p: p.status == ProjectStatus.FINISHED and not hasattr(p, "success_story"),
    ),
    "comment": (_("Skomentuj"), lambda p: True),
}


class YouthProjectButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not self.permission_helper.user_can_review(self.request.user):
            return buttons
        for action, (label, offered) in PROJECT_ACTIONS.items():
            if offered(obj) and action not in (exclude or ()):
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action, quote(obj.pk)),
                        "label": label,
                        "classname": self.finalise_classname(["button-secondary"]),
                        "title": f"{label}: {obj.title}",
                    }
                )
        return buttons


class YouthProjectInspectView(InspectView):
    """The project, its links and its history: the thread of comments with the organisation."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.instance
        context["events"] = project.events.select_related("actor")
        context["workshops"] = project.workshops.order_by("title")
        context["opportunities"] = project.opportunities.order_by("title")
        context["story"] = getattr(project, "success_story", None)
        return context


class ProjectActionView(InstanceSpecificView):
    """One review action on a project: a small form, then the one service call."""

    template_name = "volunteers/admin/project_action.html"
    action = ""
    form_class = None
    title = ""
    intro = ""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_review(user)

    def get_page_title(self):
        return self.title

    def get_form(self):
        return self.form_class(self.request.POST or None) if self.form_class else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                done = self.act(request.user, data)
            except DomainError as error:
                if form is None:
                    messages.error(request, str(error.message))
                    return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted))
                form.add_error(None, str(error.message))
            else:
                messages.success(request, done)
                return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted))
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def act(self, user, data) -> str:
        raise NotImplementedError


class DecideProjectView(ProjectActionView):
    form_class = ProjectDecisionForm
    title = _("Decyzja w sprawie projektu")

    def act(self, user, data):
        services.decide_project(self.instance, data["decision"], by=user, comment=data["comment"])
        return gettext("Zapisano decyzję: %(status)s.") % {"status": self.instance.get_status_display()}


class StartProjectView(ProjectActionView):
    form_class = ProjectStepForm
    title = _("Rozpoczęcie projektu")

    def act(self, user, data):
        services.start_project(self.instance, by=user, comment=data["comment"])
        return gettext("Projekt jest w realizacji.")


class FinishProjectView(ProjectActionView):
    form_class = ProjectStepForm
    title = _("Zakończenie projektu")

    def act(self, user, data):
        services.finish_project(self.instance, by=user, comment=data["comment"])
        return gettext("Projekt został zakończony.")


class CommentProjectView(ProjectActionView):
    form_class = ProjectCommentForm
    title = _("Komentarz dla organizacji")

    def act(self, user, data):
        services.comment_on_project(self.instance, data["comment"], by=user)
        return gettext("Komentarz został wysłany do organizacji.")


class LinkProjectView(ProjectActionView):
    title = _("Powiązania projektu")
    intro = _("Kampania, warsztaty i oferty wolontariatu, w których projekt jest realizowany.")

    def get_form(self):
        return ProjectLinksForm(self.request.POST or None, project=self.instance)

    def act(self, user, data):
        services.link_project(
            self.instance,
            by=user,
            campaign=data["campaign"],
            workshops=data["workshops"],
            opportunities=data["opportunities"],
        )
        return gettext("Zapisano powiązania projektu.")


class ProjectStoryView(ProjectActionView):
    title = _("Utwórz historię sukcesu")
    intro = _(
        "Powstanie szkic strony w sekcji „Inicjatywy” z tytułem, opisem, grupą wiekową projektu i nazwą "
        "organizacji jako partnera. Redakcja uzupełni go o zdjęcia (ze zgodami) i opublikuje."
    )

    def act(self, user, data):
        page = services.project_to_success_story(self.instance, by=user)
        return gettext("Utworzono szkic historii sukcesu „%(title)s”.") % {"title": page.title}


class YouthProjectAdmin(RegisterAdmin):
    """Youth projects organisations proposed to co-organise with CAS: review, links, stories."""

    model = YouthProject
    menu_label = _("Projekty młodzieżowe")
    menu_icon = "group"
    menu_order = 305
    add_to_settings_menu = False
    permission_helper_class = YouthProjectPermissionHelper
    button_helper_class = YouthProjectButtonHelper
    inspect_view_enabled = True
    inspect_view_class = YouthProjectInspectView
    inspect_template_name = "volunteers/admin/project_inspect.html"
    inspect_view_fields = [
        "organisation", "title", "status", "description", "age_range", "starts_on", "ends_on",
        "needs", "submitted_at", "decided_at", "started_at", "finished_at", "campaign",
    ]  # fmt: skip
    list_display = ["title", "organisation", "status", "age_range", "get_needs_display", "submitted_at"]
    list_filter = ["status", ProjectOrganisationFilter, ProjectNeedFilter, ProjectYearFilter]
    list_select_related = ["organisation"]
    search_fields = ["title", "description", "organisation__name"]
    list_export = [
        "title", "organisation", "status", "age_min", "age_max", "starts_on", "ends_on",
        "get_needs_display", "submitted_at", "decided_at", "started_at", "finished_at",
    ]  # fmt: skip
    export_filename = "projekty-mlodziezowe"
    action_views = {
        "decide": DecideProjectView,
        "start": StartProjectView,
        "finish": FinishProjectView,
        "comment": CommentProjectView,
        "links": LinkProjectView,
        "story": ProjectStoryView,
    }
