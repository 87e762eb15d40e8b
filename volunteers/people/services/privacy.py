"""Erasure, export (GDPR art. 17 and 20) and retention of the volunteer registry."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.privacy import Purged, cutoff, forget_about
from volunteers.people.choices import (
    ApplicationStatus,
    Channel,
    VolunteerStatus,
)
from volunteers.people.models import (
    ApplicantDataAccess,
    Application,
    Consent,
    ErasureRecord,
    Volunteer,
    subject_hash,
)
from volunteers.people.services.applications import VOLUNTEER_TRANSITIONS, change_application_status
from volunteers.people.services.consents import normalise_email
from volunteers.people.services.errors import unconfirmed_retention


def erase_volunteer(volunteer, reason=ErasureRecord.Reason.REQUEST) -> None:
    """Erasure (GDPR art. 17): the person's row goes with their tokens and queued e-mails;
    applications stay anonymised (no volunteer, no message); the consent ledger keeps only
    purpose, text version and hash and dates — withdrawn as of now. The erasure ledger
    remembers it (without personal data) so it can be re-applied after a backup restore.

    The person's own request reaches every register holding their address (bookings,
    school requests, idea submissions…: ``home.privacy.erase_person``); retention erases
    only the registry record."""
    if reason == ErasureRecord.Reason.REQUEST:
        from home.privacy import erase_person

        erase_person(volunteer.email)  # this volunteer included (erase_registry_person)
        return
    with transaction.atomic():
        _record_and_erase(volunteer, reason)


def _record_and_erase(volunteer, reason):
    ErasureRecord.objects.create(
        volunteer_pk=volunteer.pk, subject_hash=subject_hash(volunteer.email), reason=reason
    )
    _erase(volunteer)


def erase_registry_person(email: str) -> dict[str, int]:
    """The registry's part of erasing a person: their volunteer record; as a guardian, their
    address on the child's record (a child still waiting for that consent is erased: the
    record cannot become active without it); every queued or sent e-mail to or about them."""
    email = normalise_email(email)
    volunteers = list(Volunteer.objects.filter(email__iexact=email))
    for volunteer in volunteers:
        _record_and_erase(volunteer, ErasureRecord.Reason.REQUEST)
    children = 0
    for child in Volunteer.objects.filter(guardian_email__iexact=email):
        children += 1
        if child.guardian_confirmed_at is None:
            _record_and_erase(child, ErasureRecord.Reason.REQUEST)
        else:
            Volunteer.objects.filter(pk=child.pk).update(guardian_email="")
    return {"people.Volunteer": len(volunteers) + children}


def _erase(volunteer):
    now = timezone.now()
    Consent.objects.filter(volunteer=volunteer, withdrawn_at__isnull=True).update(withdrawn_at=now)
    Consent.objects.filter(volunteer=volunteer).update(volunteer=None)
    # Undecided applications are withdrawn (the one status change, as the volunteer's own act).
    for application in Application.objects.filter(volunteer=volunteer, status__in=VOLUNTEER_TRANSITIONS):
        change_application_status(application, ApplicationStatus.WITHDRAWN, via=Channel.ERASURE)
    Application.objects.filter(volunteer=volunteer).update(volunteer=None, message="")
    forget_about(Volunteer, [volunteer.pk])  # e-mails queued about them and their links
    volunteer.delete()


def own_data(volunteer) -> dict:
    """The volunteer record as its owner sees it (self-service API, and the export's first part)."""
    return {
        "first_name": volunteer.first_name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "birth_year": volunteer.birth_year,
        "district": volunteer.district.slug if volunteer.district else None,
        "skills": sorted(s.slug for s in volunteer.skills.all()),
        "areas": sorted(a.slug for a in volunteer.areas.all()),
        "availability": list(volunteer.availability or []),
        "about": volunteer.about,
        "guardian_email": volunteer.guardian_email or None,
        "wants_newsletter": volunteer.wants_newsletter,
        "status": volunteer.status,
        "language": volunteer.language,
        "preferred_opportunity": volunteer.preferred_opportunity_id,
        "created_at": volunteer.created_at.isoformat(),
        "confirmed_at": volunteer.confirmed_at.isoformat() if volunteer.confirmed_at else None,
        "guardian_confirmed_at": (
            volunteer.guardian_confirmed_at.isoformat() if volunteer.guardian_confirmed_at else None
        ),
        "last_active_at": volunteer.last_active_at.isoformat(),
    }


def export_volunteer(volunteer) -> dict:
    """Everything we hold about the person, as JSON-ready data (GDPR art. 15 and 20)."""
    volunteer = Volunteer.objects.select_related("district", "preferred_opportunity").get(pk=volunteer.pk)
    consents = Consent.objects.filter(volunteer=volunteer).select_related("text")
    applications = Application.objects.filter(volunteer=volunteer).select_related("opportunity__organisation")
    return {
        "volunteer": own_data(volunteer),
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "text_sha256": c.text_sha256,
                "text": c.text.text,
                "given_by": c.given_by,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in consents
        ],
        "applications": [
            {
                "id": a.pk,
                "opportunity": {"id": a.opportunity_id, "title": a.opportunity.title},
                "organisation": a.opportunity.organisation.name,
                "message": a.message,
                "status": a.status,
                "created_at": a.created_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
            }
            for a in applications
        ],
    }


# --- Retention ------------------------------------------------------------------------------------


@dataclass
class PurgeReport:
    unconfirmed_deleted: int = 0
    inactive_anonymised: int = 0
    dry_run: bool = False


def inactive_months() -> int:
    return int(getattr(settings, "CAS_VOLUNTEER_INACTIVE_MONTHS", 24))


def purge_personal_data(*, dry_run=False, now=None, months=None) -> PurgeReport:
    """Retention: delete registrations unconfirmed for 7 days; erase volunteers inactive for
    ``months`` (``CAS_VOLUNTEER_INACTIVE_MONTHS``, default 24)."""
    now = now or timezone.now()
    months = inactive_months() if months is None else months
    unconfirmed = Volunteer.objects.filter(
        status=VolunteerStatus.PENDING_CONFIRMATION, created_at__lt=now - unconfirmed_retention()
    )
    inactive = Volunteer.objects.confirmed().filter(
        last_active_at__lt=now - timedelta(days=round(months * 30.44))
    )
    report = PurgeReport(unconfirmed.count(), inactive.count(), dry_run)
    if not dry_run:
        for volunteer in list(unconfirmed):
            erase_volunteer(volunteer, ErasureRecord.Reason.UNCONFIRMED)
        for volunteer in list(inactive):
            erase_volunteer(volunteer, ErasureRecord.Reason.INACTIVE)
    return report


def reapply_erasures(*, dry_run=False) -> int:
    """After restoring a backup: erase again everyone the erasure ledger says was erased.

    A record matches by its former primary key *and* the keyed hash of its address,
    so a new person who later took the same number is never touched.
    """
    ledger = dict(ErasureRecord.objects.values_list("volunteer_pk", "subject_hash"))
    revived = [v for v in Volunteer.objects.filter(pk__in=ledger) if ledger[v.pk] == subject_hash(v.email)]
    if not dry_run:
        with transaction.atomic():
            for volunteer in revived:
                _erase(volunteer)
    return len(revived)


def purge_registry(*, now, dry_run=False, months=None, **options) -> list:
    """The registry's retention rules as ``home.privacy.Purged`` results (``RETENTION_HOOK``):
    unconfirmed sign-ups, inactive volunteers, and sent (or long-undeliverable) e-mails and
    expired links after ``CAS_RETENTION_MESSAGES_DAYS``."""
    from home.privacy import Purged

    months = inactive_months() if months is None else months
    report = purge_personal_data(dry_run=dry_run, now=now, months=months)
    results = [
        Purged(
            "Wolontariusze",
            "CAS_RETENTION_UNCONFIRMED_DAYS bez potwierdzenia e-maila",
            ["people.Volunteer"],
            deleted=report.unconfirmed_deleted,
        ),
        Purged(
            "Wolontariusze",
            f"CAS_VOLUNTEER_INACTIVE_MONTHS ({months} mies.) bez aktywności",
            ["people.Volunteer", "people.Application"],
            deleted=report.inactive_anonymised,
        ),
        purge_data_access_record(now=now, dry_run=dry_run),
    ]
    return results


def purge_data_access_record(*, now, dry_run=False):
    """The record of views of applicants' data is deleted after ``CAS_RETENTION_DATA_ACCESS_DAYS``."""
    old = ApplicantDataAccess.objects.filter(at__lt=cutoff("CAS_RETENTION_DATA_ACCESS_DAYS", now))
    result = Purged(
        "Wgląd w dane zgłoszeń",
        "CAS_RETENTION_DATA_ACCESS_DAYS od wglądu",
        [ApplicantDataAccess._meta.label],
        deleted=old.count(),
    )
    if not dry_run:
        old.delete()
    return result
