"""Registers the campaigns app's admin, home-page section and publish hook (code in viewsets.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from campaigns.models import CampaignIndexPage, CampaignPage
from campaigns.views import campaign_index, campaign_page
from campaigns.viewsets import CampaignTopicViewSet, ImpactReportMenuItem, SchoolRequestAdmin, impact_report
from home.registry import ERASURE_HOOK, HOME_SECTIONS_HOOK, PAGE_VIEWS_HOOK, RETENTION_HOOK, HomeSection

register_snippet(CampaignTopicViewSet)
modeladmin_register(SchoolRequestAdmin)


@hooks.register(PAGE_VIEWS_HOOK)
def campaign_page_views():
    return {CampaignIndexPage: campaign_index, CampaignPage: campaign_page}


@hooks.register("register_admin_urls")
def impact_report_urls():
    return [path("reports/kampanie/", impact_report, name="campaigns_impact_report")]


@hooks.register("register_reports_menu_item")
def impact_report_menu_item():
    return ImpactReportMenuItem(
        _("Raport kampanii"),
        reverse("campaigns_impact_report"),
        name="campaigns-impact",
        icon_name="doc-full",
    )


@hooks.register(HOME_SECTIONS_HOOK)
def current_campaigns_section(request):
    from campaigns.services import current_campaigns

    campaigns = current_campaigns()
    if not campaigns:
        return None
    return HomeSection("campaigns/includes/home_section.html", {"campaigns": campaigns}, order=20)


@hooks.register("after_publish_page")
def build_pack_after_publish(request, page):
    """Build the new pack right away, so the first school to download it doesn't wait."""
    from campaigns.models import CampaignPage
    from campaigns.tasks import build_material_pack
    from cas_site.jobs import enqueue_on_commit

    if isinstance(page.specific, CampaignPage):
        enqueue_on_commit(build_material_pack, page.pk)


@hooks.register("cas_organisation_related")
def campaigns_of_organisation(request, organisation):
    """Campaigns the organisation took part in, listed on its directory page."""
    from campaigns.models import CampaignPage
    from home.registry import SearchResult

    campaigns = CampaignPage.objects.live().public().filter(partner_organisations=organisation)
    return [
        SearchResult(title=c.title, url=c.url, summary=c.intro, kind=str(CampaignPage._meta.verbose_name))
        for c in campaigns.order_by("-first_published_at")
    ]


@hooks.register(RETENTION_HOOK)
def campaign_registers_retention(**kwargs):
    from campaigns.privacy import purge_campaign_registers

    return purge_campaign_registers(**kwargs)


@hooks.register(ERASURE_HOOK)
def campaign_registers_erasure(email):
    from campaigns.privacy import erase_campaign_registers

    return erase_campaign_registers(email)
