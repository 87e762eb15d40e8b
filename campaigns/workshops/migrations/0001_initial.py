"""Workshop sessions, bookings and their links and e-mails become the ``workshops`` app's models.

Django's state only: the tables were made by ``campaigns`` migrations and keep their names
(``Meta.db_table``); ``campaigns.0010`` drops the models from that app's state and relabels
their content types. The workshop page types stay in ``campaigns`` (their name in the API).
"""

import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaigns", "0009_booking_email_confirmation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Booking",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("reference", models.CharField(max_length=20, unique=True, verbose_name="numer")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("confirmed", "potwierdzony"),
                                    ("waiting_list", "lista rezerwowa"),
                                    ("awaiting_guardian", "czeka na zgodę opiekuna"),
                                    ("awaiting_email", "czeka na potwierdzenie e-maila"),
                                    ("cancelled", "anulowany"),
                                    ("attended", "obecność"),
                                    ("no_show", "nieobecność"),
                                ],
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("name", models.CharField(max_length=120, verbose_name="imię i nazwisko")),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail")),
                        ("phone", models.CharField(blank=True, max_length=30, verbose_name="telefon")),
                        ("birth_year", models.PositiveSmallIntegerField(verbose_name="rok urodzenia")),
                        (
                            "guardian_email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail opiekuna"),
                        ),
                        (
                            "guardian_confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="zgoda opiekuna"),
                        ),
                        (
                            "email_confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="e-mail potwierdzony"),
                        ),
                        (
                            "client_key",
                            models.CharField(
                                blank=True, editable=False, max_length=64, verbose_name="klient (skrót)"
                            ),
                        ),
                        ("language", models.CharField(default="pl", max_length=5, verbose_name="język")),
                        ("terms_accepted_at", models.DateTimeField(verbose_name="akceptacja regulaminu")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="utworzono"),
                        ),
                        (
                            "queued_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="w kolejce od"
                            ),
                        ),
                        (
                            "hold_expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="miejsce trzymane do"),
                        ),
                        (
                            "cancelled_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="anulowano"),
                        ),
                        (
                            "reminder_sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="przypomnienie wysłano"),
                        ),
                    ],
                    options={
                        "verbose_name": "zapis na warsztaty",
                        "verbose_name_plural": "zapisy na warsztaty",
                        "db_table": "campaigns_booking",
                        "ordering": ["session", "queued_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="BookingEmail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=20)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("last_error", models.CharField(blank=True, max_length=300)),
                        (
                            "booking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="emails",
                                to="workshops.booking",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "e-mail o zapisie",
                        "verbose_name_plural": "e-maile o zapisach",
                        "db_table": "campaigns_bookingemail",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="BookingToken",
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
                                    ("cancel", "rezygnacja"),
                                    ("guardian", "zgoda opiekuna"),
                                    ("email", "potwierdzenie e-maila"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("token_hash", models.CharField(max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        ("used_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "booking",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tokens",
                                to="workshops.booking",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "link z e-maila",
                        "verbose_name_plural": "linki z e-maili",
                        "db_table": "campaigns_bookingtoken",
                    },
                ),
                migrations.CreateModel(
                    name="WorkshopSession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("starts_at", models.DateTimeField(verbose_name="początek")),
                        ("ends_at", models.DateTimeField(verbose_name="koniec")),
                        (
                            "place",
                            models.CharField(
                                blank=True,
                                help_text="Zastępuje miejsce warsztatu.",
                                max_length=255,
                                verbose_name="miejsce (jeśli inne)",
                            ),
                        ),
                        ("capacity", models.PositiveIntegerField(default=15, verbose_name="liczba miejsc")),
                        (
                            "registration_opens_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="zapisy od"),
                        ),
                        (
                            "registration_closes_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="Puste: do rozpoczęcia zajęć.",
                                null=True,
                                verbose_name="zapisy do",
                            ),
                        ),
                        (
                            "waiting_list_enabled",
                            models.BooleanField(default=True, verbose_name="lista rezerwowa"),
                        ),
                        ("cancelled", models.BooleanField(default=False, verbose_name="odwołany")),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sessions",
                                to="campaigns.workshoppage",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "termin",
                        "verbose_name_plural": "terminy",
                        "db_table": "campaigns_workshopsession",
                        "ordering": ["starts_at"],
                        "abstract": False,
                    },
                ),
                migrations.AddField(
                    model_name="booking",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bookings",
                        to="workshops.workshopsession",
                        verbose_name="termin",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="workshopsession",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                        name="workshop_session_ends_after_start",
                    ),
                ),
                migrations.AddIndex(
                    model_name="booking",
                    index=models.Index(fields=["session", "status"], name="booking_session_status"),
                ),
                migrations.AddConstraint(
                    model_name="booking",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "confirmed",
                                    "awaiting_email",
                                    "awaiting_guardian",
                                    "attended",
                                    "no_show",
                                    "waiting_list",
                                ],
                            )
                        ),
                        fields=("session", "email"),
                        name="unique_active_booking_per_email",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
