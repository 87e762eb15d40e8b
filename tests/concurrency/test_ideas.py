"""Races on PostgreSQL with real threads and connections: references, guardian links, status changes."""

from django.utils import timezone

from cas_site.errors import TokenGone
from home import links
from initiatives import services
from initiatives.choices import EventKind, LinkPurpose, SubmissionStatus
from initiatives.models import IdeaSubmission
from tests.concurrency import race

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
    references, errors = race(CLIENTS, lambda n: services.submit_idea(idea(n)).reference)

    assert not errors
    assert len(set(references)) == CLIENTS
    assert IdeaSubmission.objects.count() == CLIENTS
    numbers = sorted(int(reference[-4:]) for reference in references)
    assert numbers == list(range(numbers[0], numbers[0] + CLIENTS))


def test_simultaneous_clicks_on_a_guardian_link_confirm_once():
    young = idea(0)
    young.birth_year = timezone.localdate().year - 14
    young.guardian_email = "opiekun@example.org"
    submission = services.submit_idea(young)
    token = links.issue(submission, LinkPurpose.GUARDIAN)

    _results, errors = race(6, lambda _n: services.confirm_guardian(token))

    assert len(errors) == 5 and all(isinstance(e, TokenGone) for e in errors)  # one click went through
    assert submission.events.filter(kind=EventKind.GUARDIAN).count() == 1


def test_two_coordinators_moving_the_same_submission_record_one_change():
    submission = services.submit_idea(idea(0))

    _results, errors = race(2, lambda _n: services.change_status(submission, SubmissionStatus.CONSULTATION))

    assert len(errors) == 1 and isinstance(errors[0], services.InvalidTransition)  # the other one moved it
    assert submission.events.filter(kind=EventKind.STATUS).count() == 1
