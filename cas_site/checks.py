"""System checks for settings Django's own checks do not know about.

``manage.py check --deploy`` (run after every deployment, and in CI on the production
settings) refuses a production without a mail server and warns about rate limits
that each app server would count on its own.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning

#: Backends that never deliver: e-mails (with their one-time links) end up on stdout, in a
#: file or nowhere.
UNDELIVERED_EMAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
)
#: Cache backends whose counters every app server shares (atomic increments).
SHARED_COUNTER_BACKENDS = ("django.core.cache.backends.redis.RedisCache",)


@register(Tags.security, deploy=True)
def check_email_is_delivered(app_configs, **kwargs):
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL_BACKENDS:
        return [
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: confirmation and self-service e-mails, "
                "with their one-time links, would not be delivered (the console backend prints them "
                "to the server's log).",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).",
                id="cas.E001",
            )
        ]
    return []


def _store(cache):
    """What makes two configured caches one store: backend, location and key prefix."""
    return cache.get("BACKEND"), str(cache.get("LOCATION", "")), cache.get("KEY_PREFIX", "")


@register(Tags.caches)
def check_rate_limit_cache(app_configs, **kwargs):
    alias = getattr(settings, "RATELIMIT_CACHE", "ratelimit")
    counters = settings.CACHES.get(alias)
    if counters is None:
        return [Error(f"CACHES has no {alias!r} alias for the rate-limit counters.", id="cas.E002")]
    if _store(counters) == _store(settings.CACHES.get("default", {})):
        return [
            Error(
                f"The {alias!r} cache is the same store as the response cache: flooding that cache "
                "with unique addresses would evict the rate-limit counters.",
                hint="Give it another LOCATION (or KEY_PREFIX on Redis).",
                id="cas.E003",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def check_rate_limits_are_shared(app_configs, **kwargs):
    alias = getattr(settings, "RATELIMIT_CACHE", "ratelimit")
    counters = settings.CACHES.get(alias, {})
    if counters and counters.get("BACKEND") not in SHARED_COUNTER_BACKENDS:
        return [
            CheckWarning(
                f"Rate-limit counters are kept in {counters.get('BACKEND')}, one count per worker "
                "process: every limit (public writes, access links) is multiplied by the number of "
                "app server processes.",
                hint="Set REDIS_URL so that every worker shares one count.",
                id="cas.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_proxy_count(app_configs, **kwargs):
    """Settings that trust a proxy's X-Forwarded-Proto but count no proxy put every visitor
    behind that proxy into one rate-limit bucket (the proxy's own address)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "CAS_TRUSTED_PROXIES", 0):
        return [
            CheckWarning(
                "SECURE_PROXY_SSL_HEADER trusts a reverse proxy, but CAS_TRUSTED_PROXIES is 0: rate limits "
                "and the admin lockout would count every visitor as the proxy's address.",
                hint="Set CAS_TRUSTED_PROXIES=1 and let nginx append the client address "
                "(README: behind a reverse proxy).",
                id="cas.W002",
            )
        ]
    return []
