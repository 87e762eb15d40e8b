"""Races the database must win: parallel outbox deliveries, one address registered twice at once."""

import pytest
from django.core import mail

from home import outbox
from home.models import OutgoingEmail
from tests.concurrency import race
from tests.factories import registration
from volunteers.people import services
from volunteers.people.models import Volunteer

pytestmark = pytest.mark.usefixtures("registry_vocabulary")

THREADS = 8


def test_parallel_deliveries_send_each_email_once():
    for n in range(5):
        OutgoingEmail.objects.create(kind="people.application_received", to=f"r{n}@example.org")
    results, errors = race(THREADS, lambda _i: outbox.send_pending())
    assert not errors
    assert sum(sent for sent, _waiting in results) == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"r{n}@example.org" for n in range(5)]
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_one_address_registered_concurrently_is_stored_once():
    data = registration()

    def register(_i):
        return services.register_volunteer(
            services.Registration(
                first_name=data["first_name"],
                email=data["email"],
                birth_year=data["birth_year"],
                district=data["district"],
                terms=True,
                data_processing=True,
            )
        )

    _, errors = race(THREADS, register)
    assert not errors
    assert Volunteer.objects.filter(email=data["email"]).count() == 1
