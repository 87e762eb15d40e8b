from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    """Rooms and equipment lent to groups, their booking requests and the open-meetings calendar."""

    name = "initiatives.rooms"
    label = "rooms"
    verbose_name = _("Sale")
