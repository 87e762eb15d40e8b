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
    CLOSED_APPLICATION_STATUSES,
    ApplicationStatus,
    Availability,
    Channel,
    ConsentPurpose,
    DataAccessKind,
    GivenBy,
    VolunteerStatus,
)

__all__ = [
    "ApplicantDataAccess",
    "Application",
    "Consent",
    "ConsentText",
    "ErasureRecord",
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


class ApplicationQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        """Applications to the opportunities of ``organisation`` (and of no other)."""
        return self.filter(opportunity__organisation=organisation)

    def closed(self):
        return self.filter(status__in=CLOSED_APPLICATION_STATUSES)


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
    #: When it entered a closed status (declined, completed, withdrawn): the organisation's access
    #: to the applicant's contact data ends ``CAS_PARTNER_CONTACT_ACCESS_DAYS`` later.
    closed_at = models.DateTimeField(_("zamknięto"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

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
    def is_closed(self) -> bool:
        return self.status in CLOSED_APPLICATION_STATUSES

    @property
    def volunteer_contact(self):
        """Who applied and how to reach them (coordinators' inspect view)."""
        volunteer = self.volunteer
        if volunteer is None:
            return _("dane usunięte na prośbę osoby lub po okresie przechowywania")
        return ", ".join(part for part in (volunteer.first_name, volunteer.email, volunteer.phone) if part)

    volunteer_contact.fget.short_description = _("kontakt do wolontariusza")


class ApplicantDataAccess(models.Model):
    """One look at an applicant's personal data: who, for which organisation, which application,
    when and through what (the audit coordinators read; ``services.record_personal_data_view``).

    Holds no personal data of the applicant, only references; an entry outlives the application's
    anonymisation and the viewer's account (the references become empty, the rest stays).
    """

    at = models.DateTimeField(_("kiedy"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "volunteers.Organisation",
        verbose_name=_("w imieniu organizacji"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Puste: pracownik CAS."),
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("zgłoszenie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_accesses",
    )
    #: The application's number, kept when the application itself is deleted with its opportunity.
    application_number = models.PositiveBigIntegerField(_("numer zgłoszenia"), db_index=True)
    via = models.CharField(_("przez"), max_length=12, choices=Channel.choices)
    kind = models.CharField(
        _("co"), max_length=8, choices=DataAccessKind.choices, default=DataAccessKind.VIEW
    )
    contact_shown = models.BooleanField(_("pokazano dane kontaktowe"), default=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("wgląd w dane zgłaszającego")
        verbose_name_plural = _("rejestr wglądu w dane zgłaszających")
        default_permissions = ("view",)

    def __str__(self):
        return _("Wgląd w zgłoszenie nr %(number)s") % {"number": self.application_number}


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
