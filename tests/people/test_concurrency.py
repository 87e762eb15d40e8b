"""Races the database must win: parallel outbox deliveries, one address registered twice at once."""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from home import outbox
from home.models import OutgoingEmail
from tests.people.conftest import registration
from volunteers.people import services
from volunteers.people.models import Volunteer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL row locks (CI runs on PostgreSQL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("registry_vocabulary"),
]

THREADS = 8


def race(fn):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_parallel_deliveries_send_each_email_once():
    for n in range(5):
        OutgoingEmail.objects.create(kind="people.application_received", to=f"r{n}@example.org")
    results, errors = race(outbox.send_pending)
    assert not errors
    assert sum(sent for sent, _waiting in results) == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"r{n}@example.org" for n in range(5)]
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_one_address_registered_concurrently_is_stored_once():
    data = registration()

    def register():
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

    _, errors = race(register)
    assert not errors
    assert Volunteer.objects.filter(email=data["email"]).count() == 1
