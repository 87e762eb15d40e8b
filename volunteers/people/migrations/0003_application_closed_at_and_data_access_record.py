"""Applications remember when they were closed (partners' access to contact data ends a while
later); the record of views of applicants' data, readable by volunteer coordinators only."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from home.roles import VOLUNTEER_COORDINATORS, grant, revoke

CLOSED = ["odrzucone", "wycofane", "zakonczone"]


def backfill_closed_at(apps, schema_editor):
    """Applications closed before this change count as closed at their last change."""
    Application = apps.get_model("people", "Application")
    Application.objects.filter(status__in=CLOSED, closed_at__isnull=True).update(
        closed_at=models.F("updated_at")
    )


def grant_audit_view(apps, schema_editor):
    grant(apps, VOLUNTEER_COORDINATORS, "people", ["view_applicantdataaccess"])


def revoke_audit_view(apps, schema_editor):
    revoke(apps, VOLUNTEER_COORDINATORS, "people", ["view_applicantdataaccess"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_drop_superseded_outbox_and_tokens"),
        ("volunteers", "0010_registry_becomes_its_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="zamknięto"),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("nowe", "nowe"),
                    ("w-kontakcie", "w kontakcie"),
                    ("przyjete", "przyjęte"),
                    ("odrzucone", "odrzucone"),
                    ("wycofane", "wycofane"),
                    ("zakonczone", "zakończone"),
                ],
                default="nowe",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.CreateModel(
            name="ApplicantDataAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="kiedy"
                    ),
                ),
                (
                    "application_number",
                    models.PositiveBigIntegerField(db_index=True, verbose_name="numer zgłoszenia"),
                ),
                (
                    "via",
                    models.CharField(
                        choices=[
                            ("admin", "panel administracyjny CAS"),
                            ("portal", "portal partnera"),
                            ("api", "API partnera"),
                            ("volunteer", "wolontariusz (własne dane)"),
                            ("erasure", "usunięcie danych wolontariusza"),
                        ],
                        max_length=12,
                        verbose_name="przez",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("view", "podgląd"), ("export", "eksport")],
                        default="view",
                        max_length=8,
                        verbose_name="co",
                    ),
                ),
                ("contact_shown", models.BooleanField(default=True, verbose_name="pokazano dane kontaktowe")),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="data_accesses",
                        to="people.application",
                        verbose_name="zgłoszenie",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        help_text="Puste: pracownik CAS.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="volunteers.organisation",
                        verbose_name="w imieniu organizacji",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="kto",
                    ),
                ),
            ],
            options={
                "verbose_name": "wgląd w dane zgłaszającego",
                "verbose_name_plural": "rejestr wglądu w dane zgłaszających",
                "ordering": ["-at", "-pk"],
                "default_permissions": ("view",),
            },
        ),
        migrations.RunPython(backfill_closed_at, migrations.RunPython.noop),
        migrations.RunPython(grant_audit_view, revoke_audit_view),
    ]
