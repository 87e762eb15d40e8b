"""Rooms: a room open every day 8:00–21:00, the house rules in force, and a fixed "now" (a Monday)."""

from datetime import timedelta

import pytest

from home.workdays import is_working_day
from tests import factories


@pytest.fixture
def room(db):
    return factories.make_room()


@pytest.fixture
def rules(db):
    return factories.make_house_rules()


@pytest.fixture
def now():
    """A Monday 10:00 from the coming week on: the first day a request may start is Thursday.

    Weeks with a public holiday in the next ten days are skipped (a holiday moves the notice)."""
    monday = factories.next_weekday(0, after_days=1)
    while not all(is_working_day(monday + timedelta(days=d)) for d in range(1, 10) if d % 7 < 5):
        monday += timedelta(weeks=1)
    return factories.at(monday, 10)


@pytest.fixture
def thursday(now):
    return now.date() + timedelta(days=3)
