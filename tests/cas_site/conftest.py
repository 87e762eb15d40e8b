"""Fixtures for the cross-cutting tests in this folder (response cache, database outage)."""

import pytest

from tests.factories import make_session, make_workshop, make_workshop_index


@pytest.fixture
def workshop_session(home_page):
    """One upcoming session (5 seats) of a live workshop at /warsztaty/pierwsza-pomoc/."""
    index = make_workshop_index(home_page)
    page = make_workshop(index, "Warsztat z pierwszej pomocy", slug="pierwsza-pomoc")
    return make_session(index, capacity=5, page=page)
