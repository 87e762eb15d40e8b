"""Rooms: a room open every day 8:00–21:00, the house rules in force, and a fixed "now" (a Monday)."""

from datetime import timedelta

import pytest

from tests import factories


@pytest.fixture
def room(db):
    return factories.make_room()


@pytest.fixture
def rules(db):
    return factories.make_house_rules()


@pytest.fixture
def now():
    """A Monday 10:00 within the coming week: the first day a request may start is Thursday."""
    return factories.at(factories.next_weekday(0, after_days=1), 10)


@pytest.fixture
def thursday(now):
    return now.date() + timedelta(days=3)
