"""Roles: coordinators process school requests; both roles read the impact report;
communications staff edit campaign topics. Redakcja never gets school requests."""

from django.db import migrations

from home.roles import EDITORS, VOLUNTEER_COORDINATORS, grant, revoke

COORDINATOR_PERMISSIONS = ["view_schoolrequest", "change_schoolrequest", "delete_schoolrequest"]
REPORT_PERMISSIONS = ["view_materialdownload"]
EDITOR_PERMISSIONS = [
    "add_campaigntopic",
    "change_campaigntopic",
    "delete_campaigntopic",
    "view_campaigntopic",
]


def forwards(apps, schema_editor):
    grant(apps, VOLUNTEER_COORDINATORS, "campaigns", COORDINATOR_PERMISSIONS + REPORT_PERMISSIONS)
    grant(apps, EDITORS, "campaigns", EDITOR_PERMISSIONS + REPORT_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, VOLUNTEER_COORDINATORS, "campaigns", COORDINATOR_PERMISSIONS + REPORT_PERMISSIONS)
    revoke(apps, EDITORS, "campaigns", EDITOR_PERMISSIONS + REPORT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_campaigns_materials_requests"),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
