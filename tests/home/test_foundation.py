"""Catching decay early: translations, migrations, deploy checks, the demo seeder."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page

from home.i18n import check_catalogues

ROOT = Path(settings.BASE_DIR)


def test_every_message_is_translated_into_english_and_ukrainian():
    problems = check_catalogues()
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_production_settings_pass_deploy_checks_without_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the e2e tests
        "DJANGO_SETTINGS_MODULE": "cas_site.settings.production",
        "SECRET_KEY": "a-long-random-production-like-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "cas.example.org",
        # Production refuses the console e-mail backend and warns about per-worker rate limits.
        "EMAIL_HOST": "localhost",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CAS_TRUSTED_PROXIES": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "cas_site.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_content():
    call_command("seed_demo", stdout=io.StringIO())
    first = Page.objects.count()
    from django.apps import apps

    cas_models = [m for m in apps.get_models() if m._meta.app_config.name in settings.CAS_APPS]
    counts = {m._meta.label: m.objects.count() for m in cas_models}
    call_command("seed_demo", stdout=io.StringIO())
    assert Page.objects.count() == first
    assert counts == {m._meta.label: m.objects.count() for m in cas_models}
    assert Page.objects.filter(slug="polityka-prywatnosci", live=True).exists()
    # The statement is generated from the centre settings, not a seeded page that would shadow it.
    assert not Page.objects.filter(slug="deklaracja-dostepnosci").exists()


@pytest.mark.django_db
def test_seeded_site_serves_polish_home_page(client):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zostań wolontariuszem" in html
    assert "Zgłoś pomysł" in html
    assert "Materiały dla szkół" in html


def test_nested_apps_are_found_by_the_registry_and_keep_their_translations():
    from django.apps import apps
    from django.utils import translation

    from home.i18n import catalogue_roots
    from home.registry import app_modules

    seeded = [config.label for config, _module in app_modules("seed")]
    assert seeded == [
        "home",
        "volunteers",
        "people",
        "partners",
        "campaigns",
        "workshops",
        "initiatives",
        "rooms",
    ]
    assert {"people", "workshops"} <= {config.label for config, _module in app_modules("api")}
    sources = [directory for _locale, directories in catalogue_roots() for directory in directories]
    assert all(directory.is_dir() for directory in sources)
    for app in settings.CAS_APPS:  # every app's strings are extracted into some catalogue
        path = ROOT.joinpath(*app.split("."))
        assert any(path == source or source in path.parents for source in sources), app
    with translation.override("en"):
        assert str(apps.get_app_config("workshops").verbose_name) == "Workshops"
        assert str(apps.get_app_config("people").verbose_name) == "Volunteer registry"
