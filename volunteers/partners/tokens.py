"""Personal access tokens of the partner API: 256 random bits behind a recognisable prefix, only
their SHA-256 stored (as ``home.links`` does for e-mailed links).

Layer: tokens, above models.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from volunteers.partners.models import PersonalAccessToken

#: Every partner token starts so; other bearers (Wagtail's, self-service links) are not looked up.
TOKEN_PREFIX = "cas_pat_"  # noqa: S105 - the public prefix, not a secret
#: Longer values are refused unhashed (a real one is 51 characters).
MAX_RAW_LENGTH = 200
#: ``last_used_at`` is written at most this often per token (a write per request would be waste).
LAST_USED_INTERVAL = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256((raw or "").encode("utf-8")).hexdigest()


def new_raw_token() -> tuple[str, str]:
    """A fresh token value and the hint the portal shows for it (its first characters)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return raw, raw[: len(TOKEN_PREFIX) + 4]


def find_live(raw: str, now=None) -> PersonalAccessToken | None:
    """The live token with this value (its membership, member and organisation loaded), or None."""
    if not raw or len(raw) > MAX_RAW_LENGTH or not raw.startswith(TOKEN_PREFIX):
        return None
    now = now or timezone.now()
    token = (
        PersonalAccessToken.objects.live(now)
        .select_related("membership__user", "membership__organisation")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is not None and (token.last_used_at is None or token.last_used_at < now - LAST_USED_INTERVAL):
        # A plain UPDATE: no signals, so API use never empties the public response cache.
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
