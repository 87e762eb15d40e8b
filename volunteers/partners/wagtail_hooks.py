"""Registers the portal's admin (Koordynacja wolontariatu) and its privacy rules (retention,
erasure by e-mail address).

The admin is there whether or not ``CAS_PARTNERS_PUBLIC`` is on: coordinators see the registers
before the portal opens (invitations wait for it: ``services.invite`` refuses while it is off).
"""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, RETENTION_HOOK
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
