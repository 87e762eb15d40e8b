from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The volunteer registry; tables keep their ``volunteers_`` names (the module began in that app)."""

    name = "volunteers.people"
    label = "people"
    verbose_name = _("Rejestr wolontariuszy")
