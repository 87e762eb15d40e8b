from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Strona główna i ustawienia")

    def ready(self):
        from cas_site import response_cache

        response_cache.connect_signals()
