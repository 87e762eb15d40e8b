"""Enumerations of the volunteer registry."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from home.choices import LinkPurpose as BaseLinkPurpose


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


class LinkPurpose(BaseLinkPurpose):
    """The links the registry e-mails (``home.links``). A self-service link is a bearer credential
    for the API for its 24 hours; the website exchanges it once for a session."""

    CONFIRM_EMAIL = "people.confirm_email", _("potwierdzenie e-maila")
    GUARDIAN_CONSENT = "people.guardian_consent", _("zgoda opiekuna")
    SELF_SERVICE = "people.self_service", _("dostęp do własnych danych")


LinkPurpose.declare(
    {
        LinkPurpose.CONFIRM_EMAIL: (
            timedelta(hours=72),
            _(
                "Ten link potwierdzający wygasł albo został już użyty. Zapisz się ponownie na "
                "/wolontariat/dolacz/ — jeśli Twój adres jest już potwierdzony, "
                "wyślemy Ci link do Twoich danych."
            ),
        ),
        LinkPurpose.GUARDIAN_CONSENT: (
            timedelta(days=7),
            _(
                "Ten link dla opiekuna wygasł albo został już użyty. Poproś o nowy na "
                "/wolontariat/moje-dane/ albo skontaktuj się z CAS."
            ),
        ),
        LinkPurpose.SELF_SERVICE: (
            timedelta(hours=24),
            _(
                "Ten link do Twoich danych wygasł albo został już użyty. "
                "Poproś o nowy na /wolontariat/moje-dane/."
            ),
        ),
    }
)


class ApplicationStatus(models.TextChoices):
    """Where an application stands. The organisation (or CAS) moves it to in contact, accepted,
    declined (odrzucone) and completed; only the volunteer withdraws it."""

    NEW = "nowe", _("nowe")
    IN_CONTACT = "w-kontakcie", _("w kontakcie")
    ACCEPTED = "przyjete", _("przyjęte")
    DECLINED = "odrzucone", _("odrzucone")
    WITHDRAWN = "wycofane", _("wycofane")
    COMPLETED = "zakonczone", _("zakończone")


#: Closed applications: nothing follows them, and an organisation's access to the applicant's
#: contact data ends ``CAS_PARTNER_CONTACT_ACCESS_DAYS`` after the application was closed.
CLOSED_APPLICATION_STATUSES = frozenset(
    {ApplicationStatus.DECLINED, ApplicationStatus.COMPLETED, ApplicationStatus.WITHDRAWN}
)


class Channel(models.TextChoices):
    """Through what an application was changed or an applicant's data was seen."""

    ADMIN = "admin", _("panel administracyjny CAS")
    PORTAL = "portal", _("portal partnera")
    API = "api", _("API partnera")
    VOLUNTEER = "volunteer", _("wolontariusz (własne dane)")
    ERASURE = "erasure", _("usunięcie danych wolontariusza")


#: The organisation's side: CAS staff and the organisation's own people.
ORGANISATION_CHANNELS = frozenset({Channel.ADMIN, Channel.PORTAL, Channel.API})


class DataAccessKind(models.TextChoices):
    """What someone did with an applicant's personal data (the audit of ``ApplicantDataAccess``)."""

    VIEW = "view", _("podgląd")
    EXPORT = "export", _("eksport")


class AgeGroup(models.TextChoices):
    """Age bands used by coordinators' filters (by birth year)."""

    UNDER_16 = "13-15", _("13–15 lat")
    UNDER_18 = "16-17", _("16–17 lat")
    ADULT = "18-25", _("18–25 lat")
    OLDER = "26+", _("26 lat i więcej")
