"""Admin of the public directory: organisations, opportunities, skills and areas under "Wolontariat"."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.snippets import (
    ConfirmWorkflowCancellationView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from volunteers.forms import OrganisationForm
from volunteers.models import Area, Opportunity, Organisation, Skill


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
