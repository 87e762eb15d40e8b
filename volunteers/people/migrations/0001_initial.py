"""The volunteer registry becomes the ``people`` app: its models, in Django's state only.

The tables were made by ``volunteers`` migrations and keep their names (``Meta.db_table``; the
many-to-many tables follow them), and so does the trigger that keeps the consent ledger
append-only; ``volunteers.0010`` drops the models from that app's state and relabels their
content types.
"""

import django.db.models.deletion
import django.utils.timezone
import volunteers.people.models
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("home", "0003_accessibility_statement"),
        ("volunteers", "0009_organisation_email_permission"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ErasureRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "volunteer_pk",
                            models.PositiveBigIntegerField(
                                db_index=True, verbose_name="dawny numer wolontariusza"
                            ),
                        ),
                        (
                            "subject_hash",
                            models.CharField(db_index=True, max_length=64, verbose_name="skrót adresu"),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("request", "na prośbę osoby"),
                                    ("unconfirmed", "niepotwierdzony zapis"),
                                    ("inactive", "długa nieaktywność"),
                                ],
                                max_length=12,
                                verbose_name="powód",
                            ),
                        ),
                        (
                            "erased_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="usunięto"),
                        ),
                    ],
                    options={
                        "verbose_name": "wpis rejestru usunięć",
                        "verbose_name_plural": "rejestr usunięć",
                        "db_table": "volunteers_erasurerecord",
                        "ordering": ["erased_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ConsentText",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "purpose",
                            models.CharField(
                                choices=[
                                    ("terms", "regulamin bazy wolontariuszy"),
                                    ("data_processing", "przetwarzanie danych osobowych"),
                                    ("newsletter", "newsletter CAS"),
                                    ("guardian_consent", "zgoda opiekuna prawnego"),
                                ],
                                max_length=24,
                                verbose_name="cel",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(editable=False, verbose_name="wersja")),
                        ("text", models.TextField(verbose_name="treść")),
                        (
                            "sha256",
                            models.CharField(editable=False, max_length=64, verbose_name="skrót SHA-256"),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="opublikowano"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "treść zgody",
                        "verbose_name_plural": "treści zgód",
                        "db_table": "volunteers_consenttext",
                        "ordering": ["purpose", "-version"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("purpose", "version"), name="unique_consent_text_version"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Volunteer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("first_name", models.CharField(max_length=60, verbose_name="imię")),
                        ("email", models.EmailField(max_length=254, unique=True, verbose_name="e-mail")),
                        ("phone", models.CharField(blank=True, max_length=30, verbose_name="telefon")),
                        ("birth_year", models.PositiveSmallIntegerField(verbose_name="rok urodzenia")),
                        (
                            "availability",
                            volunteers.people.models.AvailabilityField(
                                blank=True, default=list, verbose_name="dostępność"
                            ),
                        ),
                        ("about", models.TextField(blank=True, max_length=2000, verbose_name="o sobie")),
                        (
                            "guardian_email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail opiekuna"),
                        ),
                        (
                            "wants_newsletter",
                            models.BooleanField(default=False, verbose_name="chce newsletter"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending_confirmation", "czeka na potwierdzenie e-maila"),
                                    ("pending_guardian", "czeka na zgodę opiekuna"),
                                    ("active", "aktywny"),
                                ],
                                default="pending_confirmation",
                                max_length=24,
                                verbose_name="status",
                            ),
                        ),
                        ("language", models.CharField(default="pl", max_length=8, verbose_name="język")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="zapisano"),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="potwierdzono e-mail"),
                        ),
                        (
                            "guardian_confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="zgoda opiekuna"),
                        ),
                        (
                            "last_active_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="ostatnia aktywność"
                            ),
                        ),
                        (
                            "areas",
                            models.ManyToManyField(
                                blank=True, related_name="+", to="volunteers.area", verbose_name="obszary"
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="home.district",
                                verbose_name="dzielnica",
                            ),
                        ),
                        (
                            "preferred_opportunity",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="volunteers.opportunity",
                                verbose_name="oferta wybrana przy zapisie",
                            ),
                        ),
                        (
                            "skills",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="volunteers.skill",
                                verbose_name="umiejętności",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "wolontariusz",
                        "verbose_name_plural": "wolontariusze",
                        "db_table": "volunteers_volunteer",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="OutboxEmail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("template", models.CharField(max_length=120)),
                        ("to", models.EmailField(max_length=254)),
                        ("context", models.JSONField(blank=True, default=dict)),
                        ("language", models.CharField(default="pl", max_length=8)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.CharField(blank=True, max_length=300)),
                        (
                            "volunteer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outbox",
                                to="people.volunteer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "e-mail do wysłania",
                        "verbose_name_plural": "e-maile do wysłania",
                        "db_table": "volunteers_outboxemail",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Consent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "purpose",
                            models.CharField(
                                choices=[
                                    ("terms", "regulamin bazy wolontariuszy"),
                                    ("data_processing", "przetwarzanie danych osobowych"),
                                    ("newsletter", "newsletter CAS"),
                                    ("guardian_consent", "zgoda opiekuna prawnego"),
                                ],
                                max_length=24,
                                verbose_name="cel",
                            ),
                        ),
                        ("text_version", models.PositiveIntegerField(verbose_name="wersja treści")),
                        ("text_sha256", models.CharField(max_length=64, verbose_name="skrót treści")),
                        (
                            "given_by",
                            models.CharField(
                                choices=[("volunteer", "wolontariusz"), ("guardian", "opiekun prawny")],
                                max_length=12,
                                verbose_name="kto wyraził",
                            ),
                        ),
                        (
                            "given_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="wyrażono"),
                        ),
                        (
                            "withdrawn_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="wycofano"),
                        ),
                        (
                            "text",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="people.consenttext",
                                verbose_name="treść",
                            ),
                        ),
                        (
                            "volunteer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="consents",
                                to="people.volunteer",
                                verbose_name="wolontariusz",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "zgoda",
                        "verbose_name_plural": "zgody",
                        "db_table": "volunteers_consent",
                        "ordering": ["given_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Application",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("message", models.TextField(blank=True, max_length=2000, verbose_name="wiadomość")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("nowe", "nowe"),
                                    ("w-kontakcie", "w kontakcie"),
                                    ("przyjete", "przyjęte"),
                                    ("odrzucone", "odrzucone"),
                                    ("wycofane", "wycofane"),
                                ],
                                default="nowe",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="złożono"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="zmieniono")),
                        (
                            "opportunity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="applications",
                                to="volunteers.opportunity",
                                verbose_name="oferta",
                            ),
                        ),
                        (
                            "volunteer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="applications",
                                to="people.volunteer",
                                verbose_name="wolontariusz",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "zgłoszenie",
                        "verbose_name_plural": "zgłoszenia",
                        "db_table": "volunteers_application",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="AccessToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "purpose",
                            models.CharField(
                                choices=[
                                    ("confirm_email", "potwierdzenie e-maila"),
                                    ("guardian_consent", "zgoda opiekuna"),
                                    ("self_service", "dostęp do własnych danych"),
                                ],
                                max_length=24,
                            ),
                        ),
                        ("token_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "volunteer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tokens",
                                to="people.volunteer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "token dostępu",
                        "verbose_name_plural": "tokeny dostępu",
                        "db_table": "volunteers_accesstoken",
                    },
                ),
                migrations.AddConstraint(
                    model_name="volunteer",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("birth_year__gte", 1900)), name="volunteer_birth_year_plausible"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="application",
                    constraint=models.UniqueConstraint(
                        fields=("volunteer", "opportunity"),
                        name="unique_application_per_volunteer",
                        violation_error_message="To zgłoszenie już zostało wysłane.",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
