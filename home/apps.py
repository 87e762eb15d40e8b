from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Strona główna i ustawienia")

    def ready(self):
        # The admin's profile-picture panel has no form setting: give it the upload checks,
        # and a template that shows their errors (Wagtail's shows none).
        from wagtail.admin.views.account import AvatarSettingsPanel

        from home.uploads import AvatarForm

        AvatarSettingsPanel.form_class = AvatarForm
        AvatarSettingsPanel.template_name = "home/admin/avatar_panel.html"

        # Exported cells never run as spreadsheet formulas (CSV injection): every export view.
        from home.spreadsheets import protect_admin_exports

        protect_admin_exports()

        from cas_site import checks, response_cache  # noqa: F401 - importing checks registers them

        response_cache.connect_signals()

        # Every kind of e-mail has its renderer registered before anything is delivered.
        from home import outbox, tasks  # noqa: F401 - importing tasks plugs in the delivery task

        outbox.load_renderers()
