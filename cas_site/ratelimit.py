"""Per-client-address rate limits for public writes, shared across processes via the cache.

The counters live in their own cache alias (``settings.RATELIMIT_CACHE``), apart from the
response cache, so that flooding or clearing that cache never resets them. With
``REDIS_URL`` set it is Redis, whose INCR is atomic across every app server; the
local-memory cache is per process (fine for ``make run``; ``check --deploy`` warns).
``CAS_RATE_LIMIT`` is e.g. ``"20/h"``; ``"off"`` disables the limits.

The same counter also limits writes of a known caller rather than of an address: the partner
API counts each member's writes (``key=``, ``CAS_PARTNER_API_WRITE_RATE``), so one token holder
cannot send volunteers or CAS an unbounded number of e-mails through status changes, comments
and proposals, whatever address the requests come from.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches

from cas_site.errors import RateLimited

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str):
    """``"20/h"`` → ``(20, 3600)``; ``"off"`` or empty → ``None``."""
    rate = (rate or "").strip().lower()
    if rate in {"", "off", "none", "0"}:
        return None
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period[:1] or "h"]


def client_address(request) -> str:
    """The client's address as the trusted reverse proxies report it (rate limits and django-axes).

    ``CAS_TRUSTED_PROXIES`` is the number of proxies in front of the app, each appending the
    address it saw to ``X-Forwarded-For`` (nginx: ``$proxy_add_x_forwarded_for``). With 0 the
    header is ignored; with N the N-th entry from the right is the one the outermost proxy
    wrote. Anything left of it came from the client and may be made up.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = int(getattr(settings, "CAS_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxies:
        return remote  # did not pass through every proxy: nothing in the header can be trusted
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def counter_cache():
    return caches[settings.RATELIMIT_CACHE]


def check_rate_limit(request, scope: str, rate: str | None = None, *, key: str | None = None) -> None:
    """Count one write of ``scope`` from this client; raise ``RateLimited`` past the limit.

    ``key`` counts per caller instead of per client address (e.g. ``"member-12"`` for a
    partner API member); ``rate`` overrides ``CAS_RATE_LIMIT``.
    """
    parsed = parse_rate(rate if rate is not None else settings.CAS_RATE_LIMIT)
    if parsed is None:
        return
    limit, period = parsed
    window = int(time.time() // period)
    who = f"key:{key}" if key is not None else client_address(request)
    counter = f"ratelimit:{scope}:{who}:{window}"
    counters = counter_cache()
    counters.add(counter, 0, timeout=period + 1)
    try:
        count = counters.incr(counter)
    except ValueError:  # expired between add and incr
        counters.set(counter, 1, timeout=period + 1)
        count = 1
    if count > limit:
        retry_after = max(1, int((window + 1) * period - time.time()))
        raise RateLimited(retry_after)


def axes_client_ip(request) -> str:
    """django-axes needs a valid IP: the client address, or 0.0.0.0 when there is none
    (requests built in code, such as the test client's ``login()``)."""
    address = client_address(request) if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"  # noqa: S104 - a placeholder value, nothing binds to it
