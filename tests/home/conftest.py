"""Fixtures for the cross-cutting tests in this folder (response cache, database outage)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.workshops.models import WorkshopIndexPage, WorkshopPage, WorkshopSession


@pytest.fixture
def workshop_session(home_page):
    """One upcoming session (5 seats) of a live workshop under /warsztaty/."""
    index = WorkshopIndexPage(title="Warsztaty", slug="warsztaty")
    home_page.add_child(instance=index)
    page = WorkshopPage(title="Warsztat z pierwszej pomocy", slug="pierwsza-pomoc", audiences=["dorosli"])
    index.add_child(instance=page)
    starts_at = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    return WorkshopSession.objects.create(
        page=page, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=5
    )
