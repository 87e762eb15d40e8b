"""Volunteer coordinators (only them) may read the registry, update applications and add consent texts."""

from django.db import migrations

from home.roles import VOLUNTEER_COORDINATORS, grant, revoke

CODENAMES = [
    "view_volunteer",
    "view_application",
    "change_application",
    "view_consent",
    "view_consenttext",
    "add_consenttext",
]


def forwards(apps, schema_editor):
    grant(apps, VOLUNTEER_COORDINATORS, "volunteers", CODENAMES)


def backwards(apps, schema_editor):
    revoke(apps, VOLUNTEER_COORDINATORS, "volunteers", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0005_consent_texts"),
        ("volunteers", "0003_directory_roles"),
        ("home", "0002_districts_and_roles"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
