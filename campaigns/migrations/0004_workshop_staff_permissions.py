"""Let the "Warsztaty" group see bookings and sessions and mark attendance (nobody else)."""

from django.db import migrations

from home.roles import WORKSHOP_STAFF, grant, revoke

CODENAMES = ["view_booking", "change_booking", "view_workshopsession"]


def forwards(apps, schema_editor):
    grant(apps, WORKSHOP_STAFF, "campaigns", CODENAMES)


def backwards(apps, schema_editor):
    revoke(apps, WORKSHOP_STAFF, "campaigns", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_workshops"),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
