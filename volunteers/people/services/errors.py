"""Errors of the volunteer registry (with translated messages); the paths and limits services share."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cas_site.errors import Conflict, DomainError

JOIN_PATH = "/wolontariat/dolacz/"
CONFIRM_PATH = "/wolontariat/potwierdz/"
GUARDIAN_PATH = "/wolontariat/zgoda-opiekuna/"
SELF_SERVICE_PATH = "/wolontariat/moje-dane/"
#: Largest primary key a client can name (PostgreSQL integer); bigger ones simply do not exist.
MAX_ID = 2**31 - 1


def valid_id(value) -> int | None:
    """``value`` as a primary key, or None when it cannot be one (never a database error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


def unconfirmed_retention() -> timedelta:
    """Registrations whose e-mail was not confirmed within this time are deleted."""
    return timedelta(days=settings.CAS_RETENTION_UNCONFIRMED_DAYS)


# --- Errors ---------------------------------------------------------------------------------------


class RegistrationInvalid(DomainError):
    """Registration data breaks a rule (the message and ``loc`` say which field)."""

    status = 422


class TooYoung(RegistrationInvalid):
    message = _(
        "Osoby poniżej 13 lat nie mogą zapisać się same. Rejestracji może dokonać tylko rodzic lub "
        "opiekun prawny bezpośrednio w CAS — zadzwoń lub przyjdź do nas (pl. Kościuszki 5, Sosnowiec)."
    )


class GuardianRequired(RegistrationInvalid):
    message = _("Osoby poniżej 18 lat muszą podać adres e-mail rodzica lub opiekuna prawnego.")


class NotEligible(DomainError):
    """The volunteer cannot apply to this opportunity (the message says why)."""

    status = 422


class AlreadyApplied(Conflict):
    message = _("Już zgłosiłeś(-aś) się do tej oferty.")


class ConsentTextMissing(DomainError):
    status = 503
    message = _("Brak opublikowanej treści zgody. Spróbuj później.")
