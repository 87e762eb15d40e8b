from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """Workshops and trainings; tables keep their ``campaigns_`` names (the module began in that app)."""

    name = "campaigns.workshops"
    label = "workshops"
    verbose_name = _("Warsztaty")
