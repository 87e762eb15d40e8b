"""Rate-limit counters survive whatever happens to the response cache.

Anyone can fill the response cache (one entry per unique query string); when the
counters lived in the same cache, a flood evicted them (the local-memory cache culls
its oldest third when full) and every limit started again from zero.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

LIMIT = 3
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def limited(settings):
    settings.CAS_RATE_LIMIT = f"{LIMIT}/h"
    settings.CAS_RESPONSE_CACHE_SECONDS = 60


def use_up_the_allowance(api_post):
    for _ in range(LIMIT):
        assert api_post("volunteers/access-link", {"email": "a@example.org"}).status_code == 202


def test_flooding_the_response_cache_does_not_reset_a_counter(client, api_post, limited):
    use_up_the_allowance(api_post)
    stored = 0
    for number in range(400):  # past the local-memory cache's 300 entries
        response = client.get("/api/v3/districts/", {"flood": number})
        stored += response.status_code == 200 and "public" in response.get("Cache-Control", "")
    assert stored == 400  # every one of them was a storable public read
    refused = api_post("volunteers/access-link", {"email": "a@example.org"})
    assert refused.status_code == 429, refused.content


def test_clearing_the_response_cache_does_not_reset_a_counter(api_post, limited):
    use_up_the_allowance(api_post)
    caches["default"].clear()
    assert api_post("volunteers/access-link", {"email": "a@example.org"}).status_code == 429


SETTINGS_DUMP = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({"alias": settings.RATELIMIT_CACHE, "caches": settings.CACHES}))
"""


def settings_caches(module, **environment):
    redis = {"REDIS_URL", "CAS_RATELIMIT_REDIS_URL"}
    env = {key: value for key, value in os.environ.items() if key not in redis}
    env.update(DJANGO_SETTINGS_MODULE=module, SECRET_KEY="x" * 50, EMAIL_HOST="localhost", **environment)
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS_DUMP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "module", ["cas_site.settings.dev", "cas_site.settings.test", "cas_site.settings.production"]
)
@pytest.mark.parametrize("redis_url", ["", "redis://127.0.0.1:6379/0"])
def test_every_settings_module_keeps_counters_apart_from_the_response_cache(module, redis_url):
    """Guard: a settings module (or a new cache configuration) that shares one store fails here."""
    dumped = settings_caches(module, **({"REDIS_URL": redis_url} if redis_url else {}))
    default, counters = dumped["caches"]["default"], dumped["caches"][dumped["alias"]]
    if "locmem" in default["BACKEND"] and "locmem" in counters["BACKEND"]:
        # Local-memory caches with the same LOCATION are one store.
        assert default.get("LOCATION", "") != counters.get("LOCATION", "")
    else:
        same_place = default.get("LOCATION") == counters.get("LOCATION")
        assert not same_place or default.get("KEY_PREFIX", "") != counters.get("KEY_PREFIX", "")
    if redis_url and module != "cas_site.settings.test":
        assert "redis" in counters["BACKEND"]  # shared by every app server
