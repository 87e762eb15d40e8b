"""The demo content loads, twice without changes, with a nearly full and a full session."""

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.workshops.models import Booking, WorkshopPage, WorkshopSession

pytestmark = pytest.mark.django_db


# Wagtail's rendition generation leaves a SpooledTemporaryFile to the garbage collector
# (an upstream ResourceWarning, harmless); the pages render fine.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_seed_demo_twice(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (WorkshopPage.objects.count(), WorkshopSession.objects.count(), Booking.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (WorkshopPage.objects.count(), WorkshopSession.objects.count(), Booking.objects.count()) == counts
    assert counts[0] == 6
    sessions = list(WorkshopSession.objects.with_seats())
    assert any(s.seats_left() == 1 for s in sessions)
    assert any(s.seats_left() == 0 and s.waiting_count > 0 for s in sessions)
    assert client.get("/warsztaty/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/api/v3/workshops/").json()["count"] == counts[1]
    for page in WorkshopPage.objects.all():
        assert client.get(page.url, HTTP_HOST="localhost").status_code == 200
