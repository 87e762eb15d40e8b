"""Timing must not tell who is registered (issue 14 item 8): the request path of access-link and
registration does the same work for an address on file and an unknown one, and leaves the
difference to the job. Same SQL queries, same jobs enqueued, same answer; what each address then
receives is decided (and tested) in the job. ``make bench-timing`` prints the medians."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import mails_to, make_volunteer, registration
from volunteers.people.choices import VolunteerStatus
from volunteers.people.models import Volunteer

pytestmark = pytest.mark.django_db

KNOWN = "znana@example.org"


def request_work(django_capture_on_commit_callbacks, api_post, path, body):
    """The SQL of the request itself and the jobs it leaves for after commit (not run here)."""
    with (
        django_capture_on_commit_callbacks(execute=False) as jobs,
        CaptureQueriesContext(connection) as queries,
    ):
        response = api_post(path, body)
    names = sorted(getattr(job, "__qualname__", repr(job)) for job in jobs)
    return response.status_code, response.content, [q["sql"].split(" ")[0] for q in queries], names


@pytest.mark.parametrize("status", [VolunteerStatus.ACTIVE, VolunteerStatus.PENDING_CONFIRMATION])
def test_access_link_does_the_same_work_for_known_and_unknown_addresses(
    api_post, django_capture_on_commit_callbacks, status
):
    make_volunteer(email=KNOWN, status=status)
    known = request_work(
        django_capture_on_commit_callbacks, api_post, "volunteers/access-link", {"email": KNOWN}
    )
    unknown = request_work(
        django_capture_on_commit_callbacks, api_post, "volunteers/access-link", {"email": "obca@example.org"}
    )
    assert known == unknown
    assert known[3], known  # the job that decides what to send


def test_registration_does_the_same_work_for_known_and_unknown_addresses(
    api_post, django_capture_on_commit_callbacks
):
    make_volunteer(email=KNOWN)
    known = request_work(
        django_capture_on_commit_callbacks, api_post, "volunteers/", registration(email=KNOWN)
    )
    unknown = request_work(
        django_capture_on_commit_callbacks, api_post, "volunteers/", registration(email="nowa@example.org")
    )
    assert known == unknown
    assert known[3], known


def test_the_jobs_still_send_what_each_address_should_get(api_post, commit):
    make_volunteer(email=KNOWN, first_name="Znana")
    commit(api_post, "volunteers/access-link", {"email": KNOWN})
    commit(api_post, "volunteers/access-link", {"email": "obca@example.org"})
    commit(api_post, "volunteers/", registration(email=KNOWN))
    commit(api_post, "volunteers/", registration(email="nowa@example.org"))
    assert [m.subject for m in mails_to("obca@example.org")] == []
    assert len(mails_to(KNOWN)) == 2  # a self-service link, then "you are already registered"
    assert "/wolontariat/moje-dane/?token=" in mails_to(KNOWN)[0].body
    [welcome] = mails_to("nowa@example.org")
    assert "/wolontariat/potwierdz/?token=" in welcome.body
    assert Volunteer.objects.get(email="nowa@example.org").status == VolunteerStatus.PENDING_CONFIRMATION
    assert len(mail.outbox) == 3
