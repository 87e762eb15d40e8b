"""Shared admin base for the private intake registers (wagtail-modeladmin).

wagtail-modeladmin's history view checks no permission at all (any admin user got
``/admin/<app>/<model>/history/<id>/``), and its list and inspect views let in a user
holding *any* permission on the model. Every register derives from ``RegisterAdmin``
so each of its views asks the model's own view/change permission.
"""

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView


class RegisterPermissionHelper(PermissionHelper):
    """Seeing a register (list, inspect, history, export) needs its view or change permission."""

    def user_can_view(self, user):
        return any(
            self.user_has_specific_permission(user, self.get_perm_codename(action))
            for action in ("view", "change")
        )

    def user_can_list(self, user):
        return self.user_can_view(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_view(user)

    def user_can_view_history(self, user, obj):
        return self.user_can_view(user)


class RegisterHistoryView(HistoryView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_view_history(user, self.instance)


class RegisterAdmin(ModelAdmin):
    """A private register: every view checks the model's permissions (see the module docstring)."""

    permission_helper_class = RegisterPermissionHelper
    history_view_class = RegisterHistoryView

    def __init__(self, parent=None):
        super().__init__(parent)
        if not isinstance(self.permission_helper, RegisterPermissionHelper):
            raise TypeError(f"{type(self).__name__}: the permission helper must derive from it")
