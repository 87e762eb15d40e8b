from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Wolontariat")

    def ready(self):
        # Before wagtail.admin's ready (INSTALLED_APPS order): see volunteers/signals.py.
        from volunteers import signals

        signals.connect()
