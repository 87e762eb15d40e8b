"""Concurrent idea submissions on PostgreSQL get distinct references (real threads and connections)."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from initiatives import services
from initiatives.models import IdeaSubmission

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL row locks (CI runs on PostgreSQL)",
    ),
]

CLIENTS = 12


def idea(number):
    return services.IdeaData(
        group_name=f"Grupa {number}",
        leader_name=f"Osoba {number}",
        email=f"osoba{number}@example.org",
        birth_year=timezone.localdate().year - 20,
        members_count=3,
        title=f"Pomysł {number}",
        description="Opis pomysłu na wspólne działanie w dzielnicy.",
        district="zagorze",
        terms_accepted=True,
    )


def test_concurrent_submissions_get_unique_references():
    barrier = threading.Barrier(CLIENTS)
    references, errors = [], []

    def submit(number):
        try:
            barrier.wait()
            references.append(services.submit_idea(idea(number)).reference)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(references) == CLIENTS
    assert len(set(references)) == CLIENTS
    assert IdeaSubmission.objects.count() == CLIENTS
    numbers = sorted(int(reference[-4:]) for reference in references)
    assert numbers == list(range(numbers[0], numbers[0] + CLIENTS))
