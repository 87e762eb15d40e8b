"""Registers the rooms admin and its privacy rules (retention, erasure by e-mail address).

The admin is there whether or not ``CAS_ROOMS_PUBLIC`` is on: staff prepare rooms, equipment
and house rules before the public site shows them.
"""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, RETENTION_HOOK
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
