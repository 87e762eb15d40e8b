"""Registers the rooms admin, its privacy rules (retention, erasure by e-mail address) and its
places on the public site.

The admin is there whether or not ``CAS_ROOMS_PUBLIC`` is on: staff prepare rooms, equipment
and house rules before the public site shows them. The home-page section of open meetings, the
menu entry and the sitemap section appear only while it is on.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import (
    ERASURE_HOOK,
    HOME_SECTIONS_HOOK,
    MENU_ITEMS_HOOK,
    RETENTION_HOOK,
    SITEMAPS_HOOK,
    HomeSection,
    MenuItem,
)
from initiatives.rooms.models import Room
from initiatives.rooms.services import public_meetings
from initiatives.rooms.viewsets import RoomsAdminGroup, admin_urls

modeladmin_register(RoomsAdminGroup)


@hooks.register("register_admin_urls")
def register_rooms_admin_urls():
    return admin_urls()


@hooks.register(RETENTION_HOOK)
def room_bookings_retention(**kwargs):
    from initiatives.rooms.privacy import purge_bookings

    return purge_bookings(**kwargs)


@hooks.register(ERASURE_HOOK)
def room_bookings_erasure(email):
    from initiatives.rooms.privacy import erase_bookings

    return erase_bookings(email)


# --- the public site (only while CAS_ROOMS_PUBLIC is on) ------------------------------------------

HOME_SECTION_SIZE = 3


@hooks.register(HOME_SECTIONS_HOOK)
def open_meetings_section(request):
    if not settings.CAS_ROOMS_PUBLIC:
        return None
    meetings = list(public_meetings()[:HOME_SECTION_SIZE])
    if not meetings:
        return None
    return HomeSection("initiatives/rooms/home_section.html", {"meetings": meetings}, order=35)


@hooks.register(MENU_ITEMS_HOOK)
def rooms_menu_item(request):
    if not settings.CAS_ROOMS_PUBLIC:
        return None
    return MenuItem(_("Sale"), reverse("rooms:rooms"), order=50)


@hooks.register(MENU_ITEMS_HOOK)
def meetings_menu_item(request):
    if not settings.CAS_ROOMS_PUBLIC:
        return None
    return MenuItem(_("Spotkania"), reverse("rooms:meetings"), order=51)


class RoomsSitemap(Sitemap):
    """The list of rooms, each room's page and the open meetings' list."""

    changefreq = "weekly"

    def items(self):
        return ["rooms:rooms", "rooms:meetings", *Room.objects.filter(bookable=True).order_by("name", "pk")]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        return reverse("rooms:room", args=[item.slug])


@hooks.register(SITEMAPS_HOOK)
def rooms_sitemaps():
    return {"rooms": RoomsSitemap()} if settings.CAS_ROOMS_PUBLIC else {}
