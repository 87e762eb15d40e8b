"""The volunteer registry's records: volunteers, consents, tokens, applications, outgoing e-mail.

Personal data lives only here, never in pages, snippets or the public API. A
volunteer is erased by deleting their row: consents stay in the ledger with the
volunteer set to NULL (only text version, hash and dates remain), applications
stay anonymised for statistics, tokens and queued e-mails about them go with them.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import ages
from volunteers.people.choices import (
    ApplicationStatus,
    Availability,
    ConsentPurpose,
    GivenBy,
    TokenPurpose,
    VolunteerStatus,
)

__all__ = [
    "AccessToken",
    "Application",
    "Consent",
    "ConsentText",
    "ErasureRecord",
    "OutboxEmail",
    "Volunteer",
]


class AvailabilityField(models.JSONField):
    """A list of ``Availability`` values (JSON, so it works on SQLite and PostgreSQL)."""

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set(value or []) - set(Availability.values)
        if unknown:
            raise ValidationError(
                _("Nieznana dostępność: %(value)s."), params={"value": ", ".join(sorted(unknown))}
            )


class VolunteerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=VolunteerStatus.ACTIVE)

    def confirmed(self):
        """E-mail confirmed (active or waiting for the guardian)."""
        return self.exclude(status=VolunteerStatus.PENDING_CONFIRMATION)


class Volunteer(models.Model):
    """A person in the volunteer database (birth year only; no address, no PESEL)."""

    first_name = models.CharField(_("imię"), max_length=60)
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("rok urodzenia"))
    district = models.ForeignKey(
        "home.District",
        verbose_name=_("dzielnica"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skills = models.ManyToManyField(
        "volunteers.Skill", verbose_name=_("umiejętności"), blank=True, related_name="+"
    )
    areas = models.ManyToManyField("volunteers.Area", verbose_name=_("obszary"), blank=True, related_name="+")
    availability = AvailabilityField(_("dostępność"), default=list, blank=True)
    about = models.TextField(_("o sobie"), blank=True, max_length=2000)
    guardian_email = models.EmailField(_("e-mail opiekuna"), blank=True)
    wants_newsletter = models.BooleanField(_("chce newsletter"), default=False)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.PENDING_CONFIRMATION,
    )
    language = models.CharField(_("język"), max_length=8, default="pl")
    preferred_opportunity = models.ForeignKey(
        "volunteers.Opportunity",
        verbose_name=_("oferta wybrana przy zapisie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("zapisano"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("potwierdzono e-mail"), null=True, blank=True)
    guardian_confirmed_at = models.DateTimeField(_("zgoda opiekuna"), null=True, blank=True)
    last_active_at = models.DateTimeField(_("ostatnia aktywność"), default=timezone.now)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        db_table = "volunteers_volunteer"
        ordering = ["-created_at"]
        verbose_name = _("wolontariusz")
        verbose_name_plural = _("wolontariusze")
        constraints = [
            models.CheckConstraint(condition=Q(birth_year__gte=1900), name="volunteer_birth_year_plausible"),
        ]

    def __str__(self):
        # Deliberately no name: this label goes into the audit log, which outlives an erasure.
        return _("Wolontariusz nr %(pk)s") % {"pk": self.pk}

    @property
    def age(self) -> int:
        return ages.age_in_year(self.birth_year)

    @property
    def is_minor(self) -> bool:
        return ages.needs_guardian_for_agreement(self.age)

    def age_group(self):
        from volunteers.people.choices import AgeGroup

        age = self.age
        if ages.needs_guardian_consent(age):
            return AgeGroup.UNDER_16
        if ages.needs_guardian_for_agreement(age):
            return AgeGroup.UNDER_18
        if age <= 25:
            return AgeGroup.ADULT
        return AgeGroup.OLDER

    age_group.short_description = _("grupa wiekowa")

    def availability_labels(self):
        labels = dict(Availability.choices)
        return [labels[v] for v in self.availability or [] if v in labels]

    def get_availability_display(self):
        return ", ".join(str(label) for label in self.availability_labels())


class ConsentText(models.Model):
    """One version of the wording of a consent; published versions are frozen (new version instead)."""

    purpose = models.CharField(_("cel"), max_length=24, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField(_("wersja"), editable=False)
    text = models.TextField(_("treść"))
    sha256 = models.CharField(_("skrót SHA-256"), max_length=64, editable=False)
    published_at = models.DateTimeField(_("opublikowano"), default=timezone.now)

    class Meta:
        db_table = "volunteers_consenttext"
        ordering = ["purpose", "-version"]
        verbose_name = _("treść zgody")
        verbose_name_plural = _("treści zgód")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="unique_consent_text_version")
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Opublikowanej treści zgody nie można zmienić — dodaj nową wersję."))
        self.sha256 = self.digest(self.text)
        if self.version is None:
            latest = ConsentText.objects.filter(purpose=self.purpose).order_by("-version").first()
            self.version = latest.version + 1 if latest else 1
        super().save(*args, **kwargs)

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Consent(models.Model):
    """The ledger: who consented to which version of which text, when, and when it was withdrawn."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("wolontariusz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    purpose = models.CharField(_("cel"), max_length=24, choices=ConsentPurpose.choices)
    text = models.ForeignKey(ConsentText, verbose_name=_("treść"), on_delete=models.PROTECT, related_name="+")
    text_version = models.PositiveIntegerField(_("wersja treści"))
    text_sha256 = models.CharField(_("skrót treści"), max_length=64)
    given_by = models.CharField(_("kto wyraził"), max_length=12, choices=GivenBy.choices)
    given_at = models.DateTimeField(_("wyrażono"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("wycofano"), null=True, blank=True)

    class Meta:
        db_table = "volunteers_consent"
        ordering = ["given_at", "pk"]
        verbose_name = _("zgoda")
        verbose_name_plural = _("zgody")

    def __str__(self):
        return f"{self.get_purpose_display()} v{self.text_version}"

    @property
    def active(self):
        return self.withdrawn_at is None


class AccessToken(models.Model):
    """Superseded by home.EmailLink; dropped once the apps move lands (no longer written or read).

    A link sent by e-mail: only the SHA-256 of the random token is stored."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=24, choices=TokenPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "volunteers_accesstoken"
        verbose_name = _("token dostępu")
        verbose_name_plural = _("tokeny dostępu")

    def __str__(self):
        return f"{self.purpose} #{self.pk}"


class Application(models.Model):
    """A volunteer's application (zgłoszenie) to an opportunity; anonymised, not deleted, on erasure."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("wolontariusz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    opportunity = models.ForeignKey(
        "volunteers.Opportunity",
        verbose_name=_("oferta"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    message = models.TextField(_("wiadomość"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW
    )
    created_at = models.DateTimeField(_("złożono"), default=timezone.now)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        db_table = "volunteers_application"
        ordering = ["-created_at"]
        verbose_name = _("zgłoszenie")
        verbose_name_plural = _("zgłoszenia")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "opportunity"],
                name="unique_application_per_volunteer",
                violation_error_message=_("To zgłoszenie już zostało wysłane."),
            )
        ]

    def __str__(self):
        return _("Zgłoszenie nr %(pk)s") % {"pk": self.pk}

    @property
    def volunteer_contact(self):
        """Who applied and how to reach them (coordinators' inspect view)."""
        volunteer = self.volunteer
        if volunteer is None:
            return _("dane usunięte na prośbę osoby lub po okresie przechowywania")
        return ", ".join(part for part in (volunteer.first_name, volunteer.email, volunteer.phone) if part)

    volunteer_contact.fget.short_description = _("kontakt do wolontariusza")


class OutboxEmail(models.Model):
    """Superseded by home.OutgoingEmail; dropped once the apps move lands (no longer written or read).

    An e-mail written in the same transaction as the record it is about, sent (and retried) later.

    ``sent_at`` set means delivered; delivery claims the row under a lock so that
    two workers never send the same message twice. The context (which may hold a
    one-time link) is cleared once the message has gone.
    """

    template = models.CharField(max_length=120)
    to = models.EmailField(max_length=254)
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="pl")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "volunteers_outboxemail"
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail do wysłania")
        verbose_name_plural = _("e-maile do wysłania")

    def __str__(self):
        return f"{self.template} #{self.pk}"


def subject_hash(email: str) -> str:
    """A keyed hash of a normalised e-mail: recognises a returning address without storing it."""
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, email.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()


class ErasureRecord(models.Model):
    """The erasure ledger: which record was erased, when and why — re-applied after a backup restore.

    Holds no personal data: the volunteer's former primary key and a keyed hash of the address.
    """

    class Reason(models.TextChoices):
        REQUEST = "request", _("na prośbę osoby")
        UNCONFIRMED = "unconfirmed", _("niepotwierdzony zapis")
        INACTIVE = "inactive", _("długa nieaktywność")

    volunteer_pk = models.PositiveBigIntegerField(_("dawny numer wolontariusza"), db_index=True)
    subject_hash = models.CharField(_("skrót adresu"), max_length=64, db_index=True)
    reason = models.CharField(_("powód"), max_length=12, choices=Reason.choices)
    erased_at = models.DateTimeField(_("usunięto"), default=timezone.now)

    class Meta:
        db_table = "volunteers_erasurerecord"
        ordering = ["erased_at", "pk"]
        verbose_name = _("wpis rejestru usunięć")
        verbose_name_plural = _("rejestr usunięć")

    def __str__(self):
        return f"{self.get_reason_display()} #{self.volunteer_pk}"
