"""Registers the portal's admin (Koordynacja wolontariatu) and its privacy rules (retention,
erasure by e-mail address).

The admin is there whether or not ``CAS_PARTNERS_PUBLIC`` is on: coordinators see the registers
before the portal opens (invitations wait for it: ``services.invite`` refuses while it is off).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, MENU_ITEMS_HOOK, RETENTION_HOOK, MenuItem
from volunteers.partners.viewsets import PartnersAdminGroup

modeladmin_register(PartnersAdminGroup)


@hooks.register(RETENTION_HOOK)
def partners_retention(**kwargs):
    from volunteers.partners.privacy import purge_partner_data

    return purge_partner_data(**kwargs)


@hooks.register(ERASURE_HOOK)
def partners_erasure(email):
    from volunteers.partners.privacy import erase_partner_data

    return erase_partner_data(email)


@hooks.register(MENU_ITEMS_HOOK)
def partners_menu_item(request):
    """The way in for organisations: the portal's start page (login, join request)."""
    if not settings.CAS_PARTNERS_PUBLIC:
        return None
    return MenuItem(_("Dla organizacji"), reverse("partners:home"), order=60)
