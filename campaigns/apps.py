from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Kampanie i warsztaty")

    def ready(self):
        from campaigns import signals  # noqa: F401 - connects the material-pack receivers
