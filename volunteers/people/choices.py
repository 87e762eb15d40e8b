"""Enumerations of the volunteer registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VolunteerStatus(models.TextChoices):
    """Where a volunteer is on the way from sign-up to the active registry."""

    PENDING_CONFIRMATION = "pending_confirmation", _("czeka na potwierdzenie e-maila")
    PENDING_GUARDIAN = "pending_guardian", _("czeka na zgodę opiekuna")
    ACTIVE = "active", _("aktywny")


class Availability(models.TextChoices):
    """When a volunteer can help."""

    WEEKDAY_MORNINGS = "dni-robocze-rano", _("dni robocze rano")
    WEEKDAY_AFTERNOONS = "dni-robocze-popoludnie", _("dni robocze po południu")
    EVENINGS = "wieczory", _("wieczory")
    WEEKENDS = "weekendy", _("weekendy")
    HOLIDAYS = "wakacje", _("wakacje i ferie")


class ConsentPurpose(models.TextChoices):
    """What a consent is for; each purpose has its own versioned text."""

    TERMS = "terms", _("regulamin bazy wolontariuszy")
    DATA_PROCESSING = "data_processing", _("przetwarzanie danych osobowych")
    NEWSLETTER = "newsletter", _("newsletter CAS")
    GUARDIAN = "guardian_consent", _("zgoda opiekuna prawnego")


class GivenBy(models.TextChoices):
    VOLUNTEER = "volunteer", _("wolontariusz")
    GUARDIAN = "guardian", _("opiekun prawny")


class TokenPurpose(models.TextChoices):
    CONFIRM_EMAIL = "confirm_email", _("potwierdzenie e-maila")
    GUARDIAN_CONSENT = "guardian_consent", _("zgoda opiekuna")
    SELF_SERVICE = "self_service", _("dostęp do własnych danych")


class ApplicationStatus(models.TextChoices):
    NEW = "nowe", _("nowe")
    IN_CONTACT = "w-kontakcie", _("w kontakcie")
    ACCEPTED = "przyjete", _("przyjęte")
    REJECTED = "odrzucone", _("odrzucone")
    WITHDRAWN = "wycofane", _("wycofane")


class AgeGroup(models.TextChoices):
    """Age bands used by coordinators' filters (by birth year)."""

    UNDER_16 = "13-15", _("13–15 lat")
    UNDER_18 = "16-17", _("16–17 lat")
    ADULT = "18-25", _("18–25 lat")
    OLDER = "26+", _("26 lat i więcej")
