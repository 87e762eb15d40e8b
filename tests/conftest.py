"""Shared fixtures: the smallest page tree a test needs, API client helpers, staff users.

Factories (plain functions) are in tests/factories.py; fixtures here and in each folder's
conftest.py are thin wrappers over them."""

import functools
import os
import shutil
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from home.models import HomePage
from tests import factories

#: The Redis database the rate-limit tests flush (tests/security/test_rate_limits.py).
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/5"


def pytest_configure(config):
    """Under pytest-xdist (``make test``) each worker gets its own Redis database: the one
    ``CAS_TEST_REDIS_URL`` names plus the worker's number (gw0 → 5, gw1 → 6, …), because the
    rate-limit tests flush theirs. The test database is per worker already (pytest-django's
    ``test_<name>_gw0``; SQLite in memory is per process), live servers and the SMTP server
    take free ports, and files go to ``tmp_path``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    url = urlsplit(os.environ.get("CAS_TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL))
    db = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    os.environ["CAS_TEST_REDIS_URL"] = urlunsplit(url._replace(path=f"/{db}"))


def _source_fingerprint():
    """Everything the migrated test database depends on: every app's migrations (ours and the
    installed packages') and all our code outside tests/ (data migrations and post_migrate
    handlers import it)."""
    import hashlib
    import sys
    from pathlib import Path

    import django
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(f"{sys.version}{django.__version__}{settings.INSTALLED_APPS}".encode())
    files = {Path(sys.modules[m.__module__].__file__) for m in MigrationLoader(None).disk_migrations.values()}
    base = Path(settings.BASE_DIR)
    files |= {p for p in base.rglob("*.py") if p.parts[len(base.parts)] not in {"tests", "bench", ".venv"}}
    for path in sorted(files):
        digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()[:20]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """On SQLite in memory, migrate once and keep a copy of the result: the 227 migrations take
    15-30 s of CPU, once per worker and once per single-file run. The copy (in the temporary
    folder, named after a fingerprint of every migration and of our code) is restored instead;
    any change to either migrates again. ``CAS_TEST_DB_SNAPSHOT=0`` always migrates."""
    import sqlite3
    import tempfile
    from contextlib import closing
    from pathlib import Path

    from django.core.management.commands import migrate
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "sqlite" or os.environ.get("CAS_TEST_DB_SNAPSHOT") == "0":
        return
    snapshot = Path(tempfile.gettempdir()) / f"cas-test-db-{_source_fingerprint()}.sqlite3"
    original = migrate.Command.handle

    def handle(self, *args, **options):
        target = connections[options["database"]]
        if not target.creation.is_in_memory_db(target.settings_dict["NAME"]):
            return original(self, *args, **options)
        target.ensure_connection()
        if snapshot.exists():
            with closing(sqlite3.connect(snapshot)) as source:
                source.backup(target.connection)
            return None
        result = original(self, *args, **options)
        partial = snapshot.with_suffix(f".{os.getpid()}.tmp")
        with closing(sqlite3.connect(partial)) as copy:
            target.connection.backup(copy)
        os.replace(partial, snapshot)  # atomic: another worker never reads half a copy
        return result

    migrate.Command.handle = handle


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CAS_PRIVATE_ROOT = str(tmp_path / "private")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for cache in caches.all():  # the response cache and the rate-limit counters
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home_page(db):
    """A published HomePage as the default site's root (Wagtail's welcome page removed)."""
    root = Page.objects.get(depth=1)
    for page in root.get_children():
        page.delete()
    home = HomePage(title="Strona główna CAS", slug="home", intro="Wstęp strony głównej")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="CAS")
    return home


@pytest.fixture
def campaign_index(home_page):
    """The published /kampanie/ index."""
    return factories.make_campaign_index(home_page)


@pytest.fixture
def workshop_index(home_page):
    """The /warsztaty/ index."""
    return factories.make_workshop_index(home_page)


@pytest.fixture
def make_session(workshop_index):
    """``make_session(capacity=3, min_age=13)`` → a live workshop page under /warsztaty/ with one session."""
    return functools.partial(factories.make_session, workshop_index)


def make_staff_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "haslo-testowe-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_user(db, django_user_model):
    """A member of "Redakcja": pages and public content, never personal data."""
    return make_staff_user(django_user_model, "redaktorka", "Redakcja")


@pytest.fixture
def coordinator_user(db, django_user_model):
    return make_staff_user(django_user_model, "koordynatorka", "Koordynacja wolontariatu")


@pytest.fixture
def workshop_staff_user(db, django_user_model):
    return make_staff_user(django_user_model, "warsztaty", "Warsztaty")


@pytest.fixture
def api_post(client):
    """POST JSON to the API: ``api_post("bookings/", {...})``."""

    def post(path, data, **extra):
        return client.post(f"/api/v3/{path}", data=data, content_type="application/json", **extra)

    return post


@pytest.fixture
def api_get(client):
    def get(path, **params):
        return client.get(f"/api/v3/{path}", params)

    return get


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']} {settings.DATABASES['default']['NAME']}"
