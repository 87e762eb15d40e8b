"""Workshop sessions, bookings, booking links and e-mails move to the ``workshops`` app, tables unchanged.

Django's state only: the four models leave this app (``workshops.0001`` has them now); their
content types get the new label, so the "Warsztaty" group's permissions and the admin's log
entries stay attached (the row ids do not change). The workshop page types stay here.
"""

from django.db import migrations

from home.roles import move_content_types

MOVED = ["workshopsession", "booking", "bookingtoken", "bookingemail"]


def forwards(apps, schema_editor):
    move_content_types(apps, "campaigns", "workshops", MOVED)


def backwards(apps, schema_editor):
    move_content_types(apps, "workshops", "campaigns", MOVED)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0009_booking_email_confirmation"),
        ("workshops", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="booking",
                    name="session",
                ),
                migrations.RemoveField(
                    model_name="bookingtoken",
                    name="booking",
                ),
                migrations.RemoveField(
                    model_name="workshopsession",
                    name="page",
                ),
                migrations.DeleteModel(
                    name="BookingEmail",
                ),
                migrations.DeleteModel(
                    name="Booking",
                ),
                migrations.DeleteModel(
                    name="BookingToken",
                ),
                migrations.DeleteModel(
                    name="WorkshopSession",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
