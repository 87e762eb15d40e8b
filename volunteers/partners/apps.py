from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partner organisations' accounts: memberships, invitations, join requests, API tokens."""

    name = "volunteers.partners"
    label = "partners"
    verbose_name = _("Portal partnerów")
