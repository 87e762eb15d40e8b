"""Youth projects organisations propose to co-organise with CAS, and their history; volunteer
coordinators (only they) review them."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import volunteers.models
from home.roles import VOLUNTEER_COORDINATORS, grant, revoke

CODENAMES = ["view_youthproject", "change_youthproject"]


def grant_review(apps, schema_editor):
    grant(apps, VOLUNTEER_COORDINATORS, "volunteers", CODENAMES)


def revoke_review(apps, schema_editor):
    revoke(apps, VOLUNTEER_COORDINATORS, "volunteers", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_drop_superseded_school_request_sent_flags"),
        ("volunteers", "0012_partner_change_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("home", "0002_districts_and_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="YouthProject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="tytuł")),
                (
                    "description",
                    models.TextField(
                        help_text="Zwykły tekst; puste linie oddzielają akapity.",
                        max_length=5000,
                        verbose_name="opis",
                    ),
                ),
                (
                    "age_min",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(6),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="wiek od",
                    ),
                ),
                (
                    "age_max",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(6),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="wiek do",
                    ),
                ),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="początek")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="koniec")),
                (
                    "needs",
                    volunteers.models.ProjectNeedsField(
                        default=list, verbose_name="czego organizacja oczekuje od CAS"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "zgłoszony"),
                            ("accepted", "przyjęty"),
                            ("declined", "odrzucony"),
                            ("running", "w realizacji"),
                            ("finished", "zakończony"),
                        ],
                        default="submitted",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "language",
                    models.CharField(default="pl", max_length=8, verbose_name="język korespondencji"),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="zgłoszono"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="zmieniono")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decyzja CAS")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="rozpoczęto")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="zakończono")),
                (
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="campaigns.campaignpage",
                        verbose_name="kampania",
                    ),
                ),
                (
                    "opportunities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="youth_projects",
                        to="volunteers.opportunity",
                        verbose_name="oferty wolontariatu",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="youth_projects",
                        to="volunteers.organisation",
                        verbose_name="organizacja",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="zgłosił(a)",
                    ),
                ),
                (
                    "workshops",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="campaigns.workshoppage", verbose_name="warsztaty"
                    ),
                ),
            ],
            options={
                "verbose_name": "projekt młodzieżowy",
                "verbose_name_plural": "projekty młodzieżowe",
                "ordering": ["-submitted_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="YouthProjectEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("proposed", "zgłoszenie projektu"),
                            ("status", "zmiana statusu"),
                            ("comment", "komentarz"),
                            ("links", "powiązania"),
                            ("story", "historia sukcesu"),
                        ],
                        max_length=12,
                        verbose_name="rodzaj",
                    ),
                ),
                ("from_organisation", models.BooleanField(default=False, verbose_name="od organizacji")),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("submitted", "zgłoszony"),
                            ("accepted", "przyjęty"),
                            ("declined", "odrzucony"),
                            ("running", "w realizacji"),
                            ("finished", "zakończony"),
                        ],
                        max_length=12,
                        verbose_name="z",
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("submitted", "zgłoszony"),
                            ("accepted", "przyjęty"),
                            ("declined", "odrzucony"),
                            ("running", "w realizacji"),
                            ("finished", "zakończony"),
                        ],
                        max_length=12,
                        verbose_name="na",
                    ),
                ),
                ("comment", models.TextField(blank=True, max_length=4000, verbose_name="komentarz")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="kiedy")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="kto",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="volunteers.youthproject",
                        verbose_name="projekt",
                    ),
                ),
            ],
            options={
                "verbose_name": "wpis w historii projektu",
                "verbose_name_plural": "historia projektu",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="youthproject",
            constraint=models.CheckConstraint(
                condition=models.Q(("age_min__lte", models.F("age_max"))),
                name="youth_project_age_range",
                violation_error_message="Wiek „od” nie może być większy niż wiek „do”.",
            ),
        ),
        migrations.AddConstraint(
            model_name="youthproject",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("starts_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="youth_project_ends_after_start",
                violation_error_message="Koniec projektu nie może być przed jego początkiem.",
            ),
        ),
        migrations.RunPython(grant_review, revoke_review),
    ]
