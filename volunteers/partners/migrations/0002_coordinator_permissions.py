"""Koordynacja wolontariatu runs the portal's registers: it verifies join requests, invites
managers, ends access and sees invitations. Nobody else gets anything here (the registers hold
partners' contact data); partner accounts themselves get no permission at all."""

from django.db import migrations

from home.roles import VOLUNTEER_COORDINATORS, grant, revoke

CODENAMES = [
    "view_membership",
    "add_membership",
    "change_membership",
    "view_invitation",
    "view_joinrequest",
    "change_joinrequest",
]


def forwards(apps, schema_editor):
    grant(apps, VOLUNTEER_COORDINATORS, "partners", CODENAMES)


def backwards(apps, schema_editor):
    revoke(apps, VOLUNTEER_COORDINATORS, "partners", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_accounts_invitations_join_requests_tokens"),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
