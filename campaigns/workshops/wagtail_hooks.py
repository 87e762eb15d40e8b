"""Registers the workshops admin and the home-page section (the admin itself is in viewsets.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from campaigns.workshops.views import workshop_index, workshop_page
from campaigns.workshops.viewsets import WorkshopsAdminGroup, admin_urls
from home.registry import HOME_SECTIONS_HOOK, PAGE_VIEWS_HOOK, HomeSection

HOME_SECTION_SIZE = 3

modeladmin_register(WorkshopsAdminGroup)


@hooks.register(PAGE_VIEWS_HOOK)
def workshop_page_views():
    return {WorkshopIndexPage: workshop_index, WorkshopPage: workshop_page}


@hooks.register("register_admin_urls")
def register_workshop_admin_urls():
    return admin_urls()


@hooks.register("before_delete_page")
def keep_workshops_with_bookings(request, page):
    """Bookings are a register of people: a workshop they booked is unpublished, not deleted."""
    if Booking.objects.filter(session__page__path__startswith=page.path).exists():
        messages.error(
            request,
            _(
                "Tej strony nie można usunąć, bo są zapisy na jej terminy. Cofnij publikację albo odwołaj terminy."  # noqa: E501
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


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

