"""Retention: unconfirmed registrations go after 7 days, long-inactive volunteers are erased."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_volunteer
from volunteers.people.choices import VolunteerStatus
from volunteers.people.models import Consent, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    now = timezone.now()
    return {
        "old_unconfirmed": make_volunteer(
            status=VolunteerStatus.PENDING_CONFIRMATION, created_at=now - timedelta(days=8)
        ),
        "new_unconfirmed": make_volunteer(
            status=VolunteerStatus.PENDING_CONFIRMATION, created_at=now - timedelta(days=6)
        ),
        "inactive": make_volunteer(last_active_at=now - timedelta(days=25 * 31)),
        "recent": make_volunteer(last_active_at=now - timedelta(days=23 * 30)),
    }


def run(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_dry_run_counts_and_changes_nothing(people):
    output = run("--dry-run")
    unconfirmed = "[próba] Wolontariusze (CAS_RETENTION_UNCONFIRMED_DAYS bez potwierdzenia e-maila)"
    assert f"{unconfirmed}: do usunięcia 1" in output
    assert "Wolontariusze (CAS_VOLUNTEER_INACTIVE_MONTHS (24 mies.) bez aktywności): do usunięcia 1" in output
    assert Volunteer.objects.count() == 4


def test_purge_deletes_and_anonymises(people):
    output = run()
    assert "e-maila): usunięto 1" in output and "bez aktywności): usunięto 1" in output
    remaining = set(Volunteer.objects.values_list("pk", flat=True))
    assert remaining == {people["new_unconfirmed"].pk, people["recent"].pk}
    assert (
        Consent.objects.filter(volunteer__isnull=True).count() == 4
    )  # two people's ledger rows, without them
    assert "Razem: usunięto 0, zanonimizowano 0" in run()


def test_inactivity_period_is_a_setting(people, settings):
    settings.CAS_VOLUNTEER_INACTIVE_MONTHS = 12
    assert "(12 mies.) bez aktywności): do usunięcia 2" in run("--dry-run")


def test_erasures_are_recorded_without_personal_data_and_reapplied_after_a_restore(people):
    from volunteers.people.models import ErasureRecord
    from volunteers.people.services import erase_volunteer

    person = make_volunteer(first_name="Wiesława", email="wieslawa@example.org")
    backup = Volunteer.objects.filter(pk=person.pk).values().get()
    erase_volunteer(person)
    record = ErasureRecord.objects.get(volunteer_pk=backup["id"])
    assert record.reason == "request" and "wieslawa" not in record.subject_hash
    run()
    assert set(ErasureRecord.objects.values_list("reason", flat=True)) == {
        "request",
        "unconfirmed",
        "inactive",
    }

    Volunteer.objects.create(**backup)  # a backup from before the erasure is restored
    newcomer = make_volunteer(email="nowa.osoba@example.org")
    output = run("--reapply-erasures", "--dry-run")
    assert "Ponownie usunięte po odtworzeniu kopii: 1" in output
    assert Volunteer.objects.filter(pk=backup["id"]).exists()
    run("--reapply-erasures")
    assert not Volunteer.objects.filter(pk=backup["id"]).exists()
    assert Volunteer.objects.filter(pk=newcomer.pk).exists()
