"""One-purpose links sent by e-mail: 256 random bits, only their SHA-256 stored, expiring.

Confirmation and guardian links are single use. A self-service token is a
bearer credential for the API for its 24 hours; the website exchanges it once
for a session, so that it does not linger in the browser's address bar.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cas_site.errors import TokenGone
from volunteers.people.choices import TokenPurpose
from volunteers.people.models import AccessToken

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
    """The link is unknown, used or expired (indistinguishable on purpose)."""


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
    if token is None or token.used_at is not None or token.expires_at <= timezone.now():
        raise InvalidToken(GONE_MESSAGES[purpose])
    return token


def use_token(raw: str, purpose) -> AccessToken:
    """Redeem a single-use token (call inside a transaction): it cannot be used again."""
    token = find_token(raw, purpose, for_update=True)
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return token
