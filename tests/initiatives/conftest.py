"""Fixtures for the initiatives tests (factories: tests/factories.py)."""

import pytest

from tests.factories import make_initiative_index, make_story


@pytest.fixture
def index_page(home_page):
    return make_initiative_index(home_page)


@pytest.fixture
def story_factory(index_page):
    def factory(number, **kwargs):
        return make_story(index_page, number, **kwargs)

    return factory
