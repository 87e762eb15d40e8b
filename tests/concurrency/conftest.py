"""Every test in this package needs PostgreSQL (row locks, concurrent connections) and a
transactional test database; elsewhere it is skipped with one message."""

from pathlib import Path

import pytest
from django.conf import settings

HERE = Path(__file__).parent
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.postgres)
        # serialized_rollback: the flush after each test would drop the rows data migrations
        # seeded (root page, groups, districts) that the tests after these need.
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if not ON_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL row locks (CI runs on PostgreSQL)"))


@pytest.fixture
def registry_vocabulary():
    """Rows the data migrations provide, recreated for transactional tests (the flush before them
    may have emptied the tables; serialized rollback is avoided because a live server thread can
    touch the database after a flush)."""
    from importlib import import_module

    from home.models import District
    from volunteers.models import Area, Skill
    from volunteers.people.models import ConsentText

    texts = import_module("volunteers.migrations.0005_consent_texts").TEXTS
    for purpose, text in texts.items():
        if not ConsentText.objects.filter(purpose=purpose).exists():
            ConsentText.objects.create(purpose=purpose, text=text)
    for slug, name in [("zagorze", "Zagórze"), ("pogon", "Pogoń")]:
        District.objects.get_or_create(slug=slug, defaults={"name": name})
    Skill.objects.get_or_create(slug="fotografia", defaults={"name": "Fotografia i wideo"})
    Area.objects.get_or_create(slug="ekologia", defaults={"name": "Ekologia i ochrona środowiska"})
