"""Domain errors shared by every app: a translatable message and the HTTP status it maps to.

Services raise subclasses defined beside them (``SessionFull``, ``AlreadyBooked``);
the API turns them into problem+json, views into form errors or messages.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request; ``message`` is shown to the person."""

    status = 422
    message = _("Nie można wykonać tej operacji.")
    #: Optional location of the offending field, e.g. ``("body", "payload", "email")``.
    loc: tuple = ()

    def __init__(self, message=None, *, loc=None):
        if message is not None:
            self.message = message
        if loc is not None:
            self.loc = tuple(loc)
        super().__init__(str(self.message))


class NotFound(DomainError):
    status = 404
    message = _("Nie znaleziono.")


class Conflict(DomainError):
    status = 409
    message = _("Konflikt z istniejącymi danymi.")


class TokenGone(DomainError):
    """A self-service or confirmation link that was used already or has expired."""

    status = 410
    message = _("Ten link wygasł albo został już użyty. Poproś o nowy.")


class RateLimited(DomainError):
    status = 429
    message = _("Zbyt wiele prób. Spróbuj ponownie za chwilę.")

    def __init__(self, retry_after: int, message=None):
        self.retry_after = retry_after
        super().__init__(message)
