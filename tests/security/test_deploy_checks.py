"""Production misconfigurations that ``manage.py check --deploy`` refuses or warns about.

Without ``EMAIL_HOST`` production fell back to the console backend: every confirmation
and self-service link was printed to the server's log instead of being sent. Without
``REDIS_URL`` each worker process counts rate limits on its own, multiplying them. Behind
a proxy (production trusts its ``X-Forwarded-Proto``) with ``CAS_TRUSTED_PROXIES=0`` every
visitor would share the proxy's address.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error
from django.core.checks import Warning as CheckWarning

from cas_site.checks import check_email_is_delivered, check_rate_limit_cache, check_rate_limits_are_shared

ROOT = Path(__file__).resolve().parents[2]
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def deploy_check(**environment):
    """``check --deploy --fail-level WARNING`` on the production settings, as CI runs it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "REDIS_URL",
            "EMAIL_HOST",
            "CAS_RATELIMIT_REDIS_URL",
            "CAS_TRUSTED_PROXIES",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cas_site.settings.production",
        SECRET_KEY="a-long-random-production-like-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="cas.example.org",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_mail_server_refuses_to_start():
    """Not only ``check --deploy``: any process on production settings (gunicorn too) stops."""
    result = deploy_check(REDIS_URL="redis://127.0.0.1:6379/0", CAS_TRUSTED_PROXIES="1")
    assert result.returncode != 0
    assert "EMAIL_HOST must be set in production" in result.stderr


def test_production_without_redis_is_warned_about():
    result = deploy_check(EMAIL_HOST="localhost", CAS_TRUSTED_PROXIES="1")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "cas.W001" in output and "REDIS_URL" in output
    assert "cas.E001" not in output


def test_production_behind_a_proxy_that_counts_no_proxy_is_warned_about():
    result = deploy_check(EMAIL_HOST="localhost", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "cas.W002" in output and "CAS_TRUSTED_PROXIES" in output


def test_production_with_all_three_passes():
    result = deploy_check(
        EMAIL_HOST="localhost", REDIS_URL="redis://127.0.0.1:6379/0", CAS_TRUSTED_PROXIES="1"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_every_undelivering_backend_is_an_error(settings, backend):
    settings.EMAIL_BACKEND = backend
    [problem] = check_email_is_delivered(None)
    assert isinstance(problem, Error) and problem.id == "cas.E001"


def test_smtp_passes(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_email_is_delivered(None) == []


def test_per_process_counters_warn_and_redis_passes(settings):
    settings.CACHES = {"default": {"BACKEND": LOCMEM}, "ratelimit": {"BACKEND": LOCMEM, "LOCATION": "r"}}
    [problem] = check_rate_limits_are_shared(None)
    assert isinstance(problem, CheckWarning) and problem.id == "cas.W001"
    url = "redis://127.0.0.1:6379/0"
    settings.CACHES = {
        "default": {"BACKEND": REDIS, "LOCATION": url, "KEY_PREFIX": "cas"},
        "ratelimit": {"BACKEND": REDIS, "LOCATION": url, "KEY_PREFIX": "cas-ratelimit"},
    }
    assert check_rate_limits_are_shared(None) == []
    assert check_rate_limit_cache(None) == []


def test_counters_need_their_own_store(settings):
    settings.CACHES = {"default": {"BACKEND": LOCMEM}}
    assert [p.id for p in check_rate_limit_cache(None)] == ["cas.E002"]
    settings.CACHES = {"default": {"BACKEND": LOCMEM}, "ratelimit": {"BACKEND": LOCMEM}}
    assert [p.id for p in check_rate_limit_cache(None)] == ["cas.E003"]
