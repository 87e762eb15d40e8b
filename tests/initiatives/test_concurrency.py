"""Races on PostgreSQL with real threads and connections: references, guardian links, status changes."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from cas_site.errors import TokenGone
from home import links
from initiatives import services
from initiatives.choices import EventKind, LinkPurpose, SubmissionStatus
from initiatives.models import IdeaSubmission

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the flush after each test would drop the districts seeded by migrations.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
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


def race(clients, action):
    """Run ``action(number)`` in ``clients`` threads released together; return (results, errors)."""
    barrier = threading.Barrier(clients)
    results, errors = [], []

    def run(number):
        try:
            barrier.wait()
            results.append(action(number))
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_simultaneous_clicks_on_a_guardian_link_confirm_once():
    young = idea(0)
    young.birth_year = timezone.localdate().year - 14
    young.guardian_email = "opiekun@example.org"
    submission = services.submit_idea(young)
    token = links.issue(submission, LinkPurpose.GUARDIAN)

    results, errors = race(6, lambda _n: services.confirm_guardian(token))

    assert len(results) == 1
    assert len(errors) == 5 and all(isinstance(e, TokenGone) for e in errors)
    assert submission.events.filter(kind=EventKind.GUARDIAN).count() == 1


def test_two_coordinators_moving_the_same_submission_record_one_change():
    submission = services.submit_idea(idea(0))

    results, errors = race(2, lambda _n: services.change_status(submission, SubmissionStatus.CONSULTATION))

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], services.InvalidTransition)
    assert submission.events.filter(kind=EventKind.STATUS).count() == 1
