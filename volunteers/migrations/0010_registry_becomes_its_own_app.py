"""The volunteer registry's models move to the ``people`` app (volunteers/people/), tables unchanged.

Django's state only: the seven models leave this app; their content types get the new label,
so the coordinators' permissions stay attached (the row ids do not change).
"""

from django.db import migrations

from home.roles import move_content_types

MOVED = ["volunteer", "consenttext", "consent", "accesstoken", "application", "outboxemail", "erasurerecord"]


def forwards(apps, schema_editor):
    move_content_types(apps, "volunteers", "people", MOVED)


def backwards(apps, schema_editor):
    move_content_types(apps, "people", "volunteers", MOVED)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0009_organisation_email_permission"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="accesstoken",
                    name="volunteer",
                ),
                migrations.RemoveField(
                    model_name="application",
                    name="opportunity",
                ),
                migrations.RemoveField(
                    model_name="application",
                    name="volunteer",
                ),
                migrations.RemoveField(
                    model_name="consent",
                    name="text",
                ),
                migrations.RemoveField(
                    model_name="consent",
                    name="volunteer",
                ),
                migrations.DeleteModel(
                    name="ErasureRecord",
                ),
                migrations.RemoveField(
                    model_name="outboxemail",
                    name="volunteer",
                ),
                migrations.RemoveField(
                    model_name="volunteer",
                    name="areas",
                ),
                migrations.RemoveField(
                    model_name="volunteer",
                    name="district",
                ),
                migrations.RemoveField(
                    model_name="volunteer",
                    name="preferred_opportunity",
                ),
                migrations.RemoveField(
                    model_name="volunteer",
                    name="skills",
                ),
                migrations.DeleteModel(
                    name="AccessToken",
                ),
                migrations.DeleteModel(
                    name="Application",
                ),
                migrations.DeleteModel(
                    name="ConsentText",
                ),
                migrations.DeleteModel(
                    name="Consent",
                ),
                migrations.DeleteModel(
                    name="OutboxEmail",
                ),
                migrations.DeleteModel(
                    name="Volunteer",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
