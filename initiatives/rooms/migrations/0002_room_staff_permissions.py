"""The "Sale" group edits rooms, equipment and house rules and handles the requests;
"Koordynacja wolontariatu" may handle the requests too. "Redakcja" gets nothing here:
requests hold a group's contact data."""

from django.db import migrations

from home.roles import ROOM_STAFF, VOLUNTEER_COORDINATORS, grant, revoke

CONTENT = [
    f"{action}_{model}"
    for model in ("room", "roomopeninghours", "roomclosedday", "equipment", "houserules")
    for action in ("add", "change", "delete", "view")
]
REQUESTS = ["view_roombooking", "change_roombooking", "view_roombookingseries", "view_bookingequipment"]


def forwards(apps, schema_editor):
    grant(apps, ROOM_STAFF, "rooms", CONTENT + REQUESTS)
    grant(apps, VOLUNTEER_COORDINATORS, "rooms", REQUESTS)


def backwards(apps, schema_editor):
    revoke(apps, ROOM_STAFF, "rooms", CONTENT + REQUESTS)
    revoke(apps, VOLUNTEER_COORDINATORS, "rooms", REQUESTS)


class Migration(migrations.Migration):
    dependencies = [
        ("rooms", "0001_rooms_equipment_house_rules_and_bookings"),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
