"""Fixtures of the partner portal tests (factories: tests/factories.py)."""

import pytest

from tests.factories import make_organisation, make_partner


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks (the e-mails), as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def organisation(db):
    return make_organisation(name="Fundacja Zielony Sosnowiec", krs="0000123456")


@pytest.fixture
def manager(organisation):
    return make_partner(organisation, role="manager", email="menedzerka@example.org")
