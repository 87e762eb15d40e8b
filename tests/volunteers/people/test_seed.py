"""Demo content of the registry: fictional people in every status, varied applications, idempotent."""

import io

import pytest

from volunteers.people.choices import ApplicationStatus, VolunteerStatus
from volunteers.people.models import Application, Consent, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_volunteers_are_fictional_varied_and_seeded_once(home_page):
    from volunteers.people.seed import seed
    from volunteers.seed import seed as seed_directory

    seed_directory(io.StringIO())  # the opportunities people apply to (CAS_APPS seeds it first)
    out = io.StringIO()
    seed(out)
    counts = (Volunteer.objects.count(), Application.objects.count(), Consent.objects.count())
    seed(io.StringIO())
    assert (Volunteer.objects.count(), Application.objects.count(), Consent.objects.count()) == counts
    assert "wolontariusze:" in out.getvalue()
    assert set(Volunteer.objects.values_list("status", flat=True)) == set(VolunteerStatus.values)
    assert all(email.endswith("@example.org") for email in Volunteer.objects.values_list("email", flat=True))
    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    minors = [v for v in Volunteer.objects.all() if v.is_minor]
    assert minors and all(v.guardian_email.endswith("@example.org") for v in minors)
