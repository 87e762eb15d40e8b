"""Registers the workshops admin and the home-page section (the admin itself is in viewsets.py)."""

from django.utils import timezone
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from campaigns.workshops.models import WorkshopIndexPage, WorkshopSession
from campaigns.workshops.viewsets import WorkshopsAdminGroup, admin_urls
from home.registry import HOME_SECTIONS_HOOK, HomeSection

HOME_SECTION_SIZE = 3

modeladmin_register(WorkshopsAdminGroup)


@hooks.register("register_admin_urls")
def register_workshop_admin_urls():
    return admin_urls()


@hooks.register(HOME_SECTIONS_HOOK)
def upcoming_workshops_section(request):
    sessions = list(
        WorkshopSession.objects.public()
        .upcoming(timezone.now())
        .filter(cancelled=False)
        .select_related("page")
        .order_by("starts_at")[:HOME_SECTION_SIZE]
    )
    if not sessions:
        return None
    index = WorkshopIndexPage.objects.live().first()
    return HomeSection(
        "campaigns/workshops/home_section.html",
        {"sessions": sessions, "index_url": index.url if index else ""},
        order=30,
    )
