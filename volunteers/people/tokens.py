"""One-purpose links sent by e-mail: 256 random bits, only their SHA-256 stored, expiring.

Confirmation and guardian links are single use. A self-service token is a
bearer credential for the API for its 24 hours; the website exchanges it once
for a session, so that it does not linger in the browser's address bar.

A person has one live self-service session: using a link (as a bearer, or to open
the website) ends every older link of theirs, used or not (``end_older_sessions``).
Asking for a link alone ends nothing, so knowing someone's address is not enough to
sign them out.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cas_site.errors import TokenGone
from volunteers.people.choices import TokenPurpose
from volunteers.people.models import AccessToken

#: How long the website's session lasts after a self-service link was opened.
SELF_SERVICE_SESSION = timedelta(hours=1)

LIFETIMES = {
    TokenPurpose.CONFIRM_EMAIL: timedelta(hours=72),
    TokenPurpose.SELF_SERVICE: timedelta(hours=24),
    TokenPurpose.GUARDIAN_CONSENT: timedelta(days=7),
}

GONE_MESSAGES = {
    TokenPurpose.CONFIRM_EMAIL: _(
        "Ten link potwierdzający wygasł albo został już użyty. Zapisz się ponownie na /wolontariat/dolacz/ "
        "— jeśli Twój adres jest już potwierdzony, wyślemy Ci link do Twoich danych."
    ),
    TokenPurpose.GUARDIAN_CONSENT: _(
        "Ten link dla opiekuna wygasł albo został już użyty. Poproś o nowy na /wolontariat/moje-dane/ "
        "albo skontaktuj się z CAS."
    ),
    TokenPurpose.SELF_SERVICE: _(
        "Ten link do Twoich danych wygasł albo został już użyty. Poproś o nowy na /wolontariat/moje-dane/."
    ),
}


class InvalidToken(TokenGone):
    """The link is unknown, used or expired (indistinguishable on the website on purpose)."""


class UnknownToken(InvalidToken):
    """No link was ever issued with this value; the API answers 401 instead of 410."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(volunteer, purpose) -> str:
    """Create a token for ``volunteer``; return the raw value (sent by e-mail, never stored)."""
    raw = secrets.token_urlsafe(32)
    AccessToken.objects.create(
        volunteer=volunteer,
        purpose=purpose,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + LIFETIMES[purpose],
    )
    return raw


def find_token(raw: str, purpose, *, for_update=False) -> AccessToken:
    """The valid (unused, unexpired) token of ``purpose``; ``InvalidToken`` (410) otherwise."""
    if not raw or len(raw) > 200:
        raise InvalidToken(GONE_MESSAGES[purpose])
    queryset = AccessToken.objects.select_related("volunteer")
    if for_update:
        queryset = queryset.select_for_update()
    token = queryset.filter(token_hash=hash_token(raw), purpose=purpose).first()
    if token is None:
        raise UnknownToken(GONE_MESSAGES[purpose])
    if token.used_at is not None or token.expires_at <= timezone.now():
        raise InvalidToken(GONE_MESSAGES[purpose])
    return token


def use_token(raw: str, purpose) -> AccessToken:
    """Redeem a single-use token (call inside a transaction): it cannot be used again."""
    token = find_token(raw, purpose, for_update=True)
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return token


def end_older_sessions(token: AccessToken) -> None:
    """``token`` is being used: every older link of the same person and purpose expires now."""
    now = timezone.now()
    AccessToken.objects.filter(
        volunteer_id=token.volunteer_id, purpose=token.purpose, pk__lt=token.pk, expires_at__gt=now
    ).update(expires_at=now)


def start_session(raw: str) -> AccessToken:
    """Exchange a self-service link for the website's session (call inside a transaction).

    The used token stands for the session from now on: it lasts ``SELF_SERVICE_SESSION``
    from opening and ends early when a newer link is used.
    """
    token = use_token(raw, TokenPurpose.SELF_SERVICE)
    token.expires_at = token.used_at + SELF_SERVICE_SESSION
    token.save(update_fields=["expires_at"])
    end_older_sessions(token)
    return token


def session_is_live(token_id, volunteer_id) -> bool:
    return AccessToken.objects.filter(
        pk=token_id,
        volunteer_id=volunteer_id,
        purpose=TokenPurpose.SELF_SERVICE,
        used_at__isnull=False,
        expires_at__gt=timezone.now(),
    ).exists()
