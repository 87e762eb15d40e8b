"""Registers the initiatives admin and the home-page section (the code lives in viewsets/services)."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, HOME_SECTIONS_HOOK, PAGE_VIEWS_HOOK, RETENTION_HOOK, HomeSection
from initiatives.models import InitiativeIndexPage
from initiatives.views import story_index
from initiatives.viewsets import IdeaSubmissionAdmin

HOME_STORIES = 3

modeladmin_register(IdeaSubmissionAdmin)


@hooks.register(PAGE_VIEWS_HOOK)
def initiative_page_views():
    return {InitiativeIndexPage: story_index}


@hooks.register(HOME_SECTIONS_HOOK)
def recent_success_stories(request):
    from initiatives.models import InitiativeIndexPage
    from initiatives.services import story_cards

    stories = list(story_cards()[:HOME_STORIES])
    if not stories:
        return None
    index = InitiativeIndexPage.objects.live().first()
    return HomeSection("initiatives/home_section.html", {"stories": stories, "index": index}, order=30)


@hooks.register("cas_organisation_related")
def stories_of_organisation(request, organisation):
    """Success stories the organisation took part in, listed on its directory page."""
    from home.registry import SearchResult
    from initiatives.models import SuccessStoryPage

    stories = SuccessStoryPage.objects.live().public().filter(partner_organisations=organisation)
    return [
        SearchResult(title=s.title, url=s.url, summary=s.intro, kind=str(SuccessStoryPage._meta.verbose_name))
        for s in stories.order_by("-first_published_at")
    ]


@hooks.register(RETENTION_HOOK)
def idea_submissions_retention(**kwargs):
    from initiatives.privacy import purge_submissions

    return purge_submissions(**kwargs)


@hooks.register(ERASURE_HOOK)
def idea_submissions_erasure(email):
    from initiatives.privacy import erase_submissions

    return erase_submissions(email)
