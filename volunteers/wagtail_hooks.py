"""Registers the directory's admin, home-page section, search results and sitemap entries."""

from django.contrib.sitemaps import Sitemap
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from home.registry import (
    ERASURE_HOOK,
    HOME_SECTIONS_HOOK,
    RETENTION_HOOK,
    SEARCH_PROVIDERS_HOOK,
    SITEMAPS_HOOK,
    HomeSection,
    SearchResult,
)
from volunteers import services
from volunteers.models import Opportunity, Organisation
from volunteers.viewsets import VolunteeringViewSetGroup, YouthProjectAdmin

HOME_SECTION_SIZE = 3
SEARCH_RESULTS_PER_KIND = 20

register_snippet(VolunteeringViewSetGroup)
modeladmin_register(YouthProjectAdmin)


@hooks.register("register_log_actions")
def organisation_log_actions(actions):
    from django.utils.translation import gettext_lazy
    from wagtail.log_actions import LogFormatter

    from volunteers.models import EMAIL_CHANGE_ACTION, EMAIL_CHANGE_REQUEST_ACTION, OPPORTUNITY_CLOSE_ACTION

    def addresses(log_entry):
        return {"old": log_entry.data.get("old") or "—", "new": log_entry.data.get("new") or "—"}

    @actions.register_action(EMAIL_CHANGE_ACTION)
    class EmailChange(LogFormatter):
        label = gettext_lazy("Zmiana adresu e-mail na zgłoszenia")

        def format_message(self, log_entry):
            return _("Zmieniono adres e-mail na zgłoszenia z „%(old)s” na „%(new)s”") % addresses(log_entry)

    @actions.register_action(EMAIL_CHANGE_REQUEST_ACTION)
    class EmailChangeRequest(LogFormatter):
        label = gettext_lazy("Prośba o zmianę adresu e-mail na zgłoszenia")

        def format_message(self, log_entry):
            return _(
                "Poproszono o zmianę adresu e-mail na zgłoszenia z „%(old)s” na „%(new)s” "
                "(czeka na potwierdzenie linkiem wysłanym na nowy adres)"
            ) % addresses(log_entry)

    actions.register_action(
        OPPORTUNITY_CLOSE_ACTION,
        gettext_lazy("Zamknięcie oferty przez organizację"),
        gettext_lazy("Organizacja zamknęła ofertę (zdjęta ze strony, bez nowych zgłoszeń)"),
    )


@hooks.register(RETENTION_HOOK)
def contact_changes_retention(**kwargs):
    from volunteers.privacy import purge_contact_changes

    return purge_contact_changes(**kwargs)


@hooks.register(ERASURE_HOOK)
def contact_changes_erasure(email):
    from volunteers.privacy import erase_contact_changes

    return erase_contact_changes(email)


@hooks.register(RETENTION_HOOK)
def youth_projects_retention(**kwargs):
    from volunteers.privacy import purge_projects

    return purge_projects(**kwargs)


@hooks.register(ERASURE_HOOK)
def youth_projects_erasure(email):
    from volunteers.privacy import erase_project_people

    return erase_project_people(email)


@hooks.register(HOME_SECTIONS_HOOK)
def open_opportunities_section(request):
    opportunities = services.open_opportunities()
    shown = list(opportunities[:HOME_SECTION_SIZE])
    if not shown:
        return None
    return HomeSection(
        "volunteers/home_section.html", {"opportunities": shown, "count": opportunities.count()}, order=40
    )


@hooks.register(SEARCH_PROVIDERS_HOOK)
def directory_search(request, query):
    organisations = services.filter_organisations(Organisation.objects.live(), search=query)
    opportunities = services.filter_opportunities(Opportunity.objects.open(), search=query)
    return [
        *(
            SearchResult(o.name, o.get_absolute_url(), o.description[:200], _("Organizacja"))
            for o in organisations[:SEARCH_RESULTS_PER_KIND]
        ),
        *(
            SearchResult(o.title, o.get_absolute_url(), o.description[:200], _("Oferta wolontariatu"))
            for o in opportunities[:SEARCH_RESULTS_PER_KIND]
        ),
    ]


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.live().order_by("pk")

    def lastmod(self, obj):
        return obj.last_published_at


class OpportunitySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Opportunity.objects.open().order_by("pk")

    def lastmod(self, obj):
        return obj.last_published_at


class DirectoryPagesSitemap(Sitemap):
    """The directory's non-page routes: landing and listings."""

    def items(self):
        return ["volunteers:landing", "volunteers:organisations", "volunteers:opportunities"]

    def location(self, name):
        from django.urls import reverse

        return reverse(name)


@hooks.register(SITEMAPS_HOOK)
def directory_sitemaps():
    return {
        "volunteering": DirectoryPagesSitemap(),
        "organisations": OrganisationSitemap(),
        "opportunities": OpportunitySitemap(),
    }


@hooks.register("cas_menu_items")
def volunteering_menu_item(request):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from home.registry import MenuItem

    return MenuItem(_("Wolontariat"), reverse("volunteers:landing"), order=30)
