"""The demo content loads, twice without changes, with a nearly full and a full session."""

from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.workshops.models import Booking, WorkshopPage, WorkshopSession

pytestmark = pytest.mark.django_db


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
