"""Test settings: fast hashing, local-memory cache, immediate tasks, in-memory e-mail."""

import os

from .base import *  # noqa: F403
from .base import RATELIMIT_CACHE

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
# The response cache and the rate-limit counters apart, as in production (separate stores).
CACHES = {
    "default": {"BACKEND": LOCMEM, "LOCATION": "cas-default"},
    RATELIMIT_CACHE: {"BACKEND": LOCMEM, "LOCATION": "cas-ratelimit"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405 - default and private storages as in base
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/cas-test-media")  # noqa: S108 - each test overrides it
CAS_PRIVATE_ROOT = "/tmp/cas-test-private"  # noqa: S108 - each test overrides it
WAGTAILAPI_DOCS_ENABLED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
CAS_RATE_LIMIT = "off"
CAS_PARTNER_API_WRITE_RATE = "off"
# The rooms feature is tested whole, though the public site does not show it yet.
CAS_ROOMS_PUBLIC = True
# The partner portal likewise.
CAS_PARTNERS_PUBLIC = True

# Serve static files from the apps directly, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
