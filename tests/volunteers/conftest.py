"""Fixtures for the directory tests (factories: tests/factories.py)."""

import gc

import pytest

from home.models import District


@pytest.fixture(autouse=True)
def _collect_leaked_files():
    """Collect garbage inside the test, so a leak warning surfaces in the test that caused it."""
    yield
    gc.collect()


@pytest.fixture
def district():
    return District.objects.get(slug="pogon")


@pytest.fixture
def other_district():
    return District.objects.get(slug="zagorze")
