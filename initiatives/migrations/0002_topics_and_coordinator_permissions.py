"""Seed the initiative topics and let "Koordynacja wolontariatu" process idea submissions.

"Redakcja" gets nothing here: submissions hold personal data of (often young) leaders.
"""

from django.db import migrations

from home.roles import VOLUNTEER_COORDINATORS, grant, revoke

TOPICS = [
    ("ekologia", "Ekologia i klimat"),
    ("kultura", "Kultura i sztuka"),
    ("sport", "Sport i rekreacja"),
    ("sasiedztwo", "Sąsiedztwo i przestrzeń publiczna"),
    ("edukacja", "Edukacja"),
    ("pomoc", "Pomoc innym"),
    ("historia", "Historia i pamięć lokalna"),
    ("zwierzeta", "Zwierzęta"),
]
COORDINATOR_PERMISSIONS = ["view_ideasubmission", "change_ideasubmission"]


def forwards(apps, schema_editor):
    Topic = apps.get_model("initiatives", "Topic")
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    grant(apps, VOLUNTEER_COORDINATORS, "initiatives", COORDINATOR_PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, VOLUNTEER_COORDINATORS, "initiatives", COORDINATOR_PERMISSIONS)
    apps.get_model("initiatives", "Topic").objects.filter(slug__in=[slug for slug, _ in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_idea_submissions_and_success_stories"),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
