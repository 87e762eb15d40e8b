"""The admin roles (groups) and helpers that data migrations use to grant permissions.

Communications staff ("Redakcja") edit pages and public content and never see
personal data; "Koordynacja wolontariatu" processes the volunteer registers;
"Warsztaty" manages bookings; "Sale" the rooms lent to groups and their requests.
Each app's data migration attaches its models' permissions with ``grant()``, so the
roles grow with the apps.
"""

from django.utils.translation import gettext_noop

EDITORS = gettext_noop("Redakcja")
VOLUNTEER_COORDINATORS = gettext_noop("Koordynacja wolontariatu")
WORKSHOP_STAFF = gettext_noop("Warsztaty")
#: Staff who handle the rooms lent to groups: rooms, equipment, house rules and the requests.
ROOM_STAFF = gettext_noop("Sale")
ALL_ROLES = [EDITORS, VOLUNTEER_COORDINATORS, WORKSHOP_STAFF, ROOM_STAFF]


def ensure_permissions(apps):
    """Create the permission rows now; Django only creates them after the whole migrate."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, app_label, codenames):
    """Give ``group_name`` the model permissions ``codenames`` of ``app_label``."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)
    return group


def revoke(apps, group_name, app_label, codenames):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def move_content_types(apps, old_label, new_label, model_names):
    """Give the content types of models moved between apps their new app label (a migration step).

    The rows keep their ids, so pages, revisions, log entries and the permissions (with the
    groups and users that hold them) stay attached. If a row under the new label exists
    already (Django creates missing content types and permissions whenever a migration asks
    for them), its permission holders are carried over to the matching old permissions and
    the duplicate goes; the old row, which the data points at, is the one that stays.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in model_names:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        duplicate = ContentType.objects.filter(app_label=new_label, model=model).first()
        if duplicate is not None:
            kept = {p.codename: p for p in Permission.objects.filter(content_type=old)}
            for permission in Permission.objects.filter(content_type=duplicate):
                if permission.codename in kept:
                    kept[permission.codename].group_set.add(*permission.group_set.all())
                    kept[permission.codename].user_set.add(*permission.user_set.all())
            duplicate.delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()
