"""Consent texts and the consent ledger: current versions, recording and withdrawal."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cas_site.errors import DomainError, NotFound
from home import ages
from home.models import District
from volunteers.people.choices import (
    Availability,
    ConsentPurpose,
    GivenBy,
)
from volunteers.people.models import (
    Consent,
    ConsentText,
    Volunteer,
)
from volunteers.people.services.errors import (
    ConsentTextMissing,
    GuardianRequired,
    RegistrationInvalid,
    TooYoung,
)

# --- Helpers --------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def current_text(purpose) -> ConsentText:
    """The newest published version of the text of ``purpose``."""
    text = (
        ConsentText.objects.filter(purpose=purpose, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )
    if text is None:
        raise ConsentTextMissing()
    return text


def publish_consent_text(purpose, text: str) -> ConsentText:
    """Publish a new version of a consent's wording (old versions stay as they were)."""
    with transaction.atomic():
        latest = ConsentText.objects.select_for_update().filter(purpose=purpose).order_by("-version").first()
        return ConsentText.objects.create(
            purpose=purpose, version=(latest.version + 1) if latest else 1, text=text
        )


def record_consent(volunteer, purpose, given_by=GivenBy.VOLUNTEER) -> Consent:
    text = current_text(purpose)
    return Consent.objects.create(
        volunteer=volunteer,
        purpose=purpose,
        text=text,
        text_version=text.version,
        text_sha256=text.sha256,
        given_by=given_by,
    )


def _language():
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _vocabulary(model, slugs, loc, message):
    slugs = list(dict.fromkeys(slugs or []))
    found = list(model.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {obj.slug for obj in found})
    if missing:
        raise RegistrationInvalid(message % {"value": ", ".join(missing)}, loc=("body", "payload", loc))
    return found


def _district(slug, required=True):
    if not slug:
        if required:
            raise RegistrationInvalid(_("Wybierz dzielnicę."), loc=("body", "payload", "district"))
        return None
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise RegistrationInvalid(
            _("Nie ma dzielnicy „%(value)s”.") % {"value": slug}, loc=("body", "payload", "district")
        )
    return district


def _availability(values):
    values = list(dict.fromkeys(values or []))
    unknown = sorted(set(values) - set(Availability.values))
    if unknown:
        raise RegistrationInvalid(
            _("Nieznana dostępność: %(value)s.") % {"value": ", ".join(unknown)},
            loc=("body", "payload", "availability"),
        )
    return values


def check_age(birth_year: int, guardian_email: str, email: str) -> int:
    """The registration age rules; returns the age (by birth year)."""
    year = timezone.localdate().year
    if birth_year > year or birth_year < year - 120:
        raise RegistrationInvalid(_("Podaj prawdziwy rok urodzenia."), loc=("body", "payload", "birth_year"))
    age = ages.age_in_year(birth_year, year)
    if not ages.may_act_alone(age):
        raise TooYoung(loc=("body", "payload", "birth_year"))
    if ages.needs_guardian_for_agreement(age):
        if not guardian_email:
            raise GuardianRequired(loc=("body", "payload", "guardian_email"))
        if normalise_email(guardian_email) == normalise_email(email):
            raise RegistrationInvalid(
                _("Adres e-mail opiekuna musi być inny niż Twój."), loc=("body", "payload", "guardian_email")
            )
    return age


WITHDRAWABLE = (ConsentPurpose.NEWSLETTER,)


class ConsentRequired(DomainError):
    status = 409
    message = _(
        "Bez tej zgody nie możemy prowadzić Twojego konta. Jeśli chcesz ją wycofać, usuń konto — "
        "usuniemy wtedy Twoje dane."
    )


def withdraw_consent(volunteer, purpose) -> int:
    """Withdraw a consent (as easy as giving it). Terms and data processing are withdrawn by deleting
    the account; returns how many ledger rows were closed."""
    if purpose not in ConsentPurpose.values:
        raise NotFound()
    if purpose not in WITHDRAWABLE:
        raise ConsentRequired()
    with transaction.atomic():
        closed = Consent.objects.filter(
            volunteer=volunteer, purpose=purpose, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if purpose == ConsentPurpose.NEWSLETTER:
            Volunteer.objects.filter(pk=volunteer.pk).update(wants_newsletter=False)
            volunteer.wants_newsletter = False
    return closed
