"""Local development: `make run` on SQLite, console e-mail, immediate background jobs."""

import os

from .base import *  # noqa: F403
from .base import EMAIL_HOST, TEMPLATES

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["*"]
WAGTAILAPI_DOCS_ENABLED = True
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TEMPLATES[0]["OPTIONS"]["debug"] = True
STORAGES = {
    **STORAGES,  # noqa: F405 - default and private storages as in base
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the apps directly, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
