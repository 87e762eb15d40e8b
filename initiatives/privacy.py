"""Retention and erasure of idea submissions (registered as hooks in ``wagtail_hooks.py``).

A submission still waiting for a guardian is deleted (it never became a case); a
confirmed one stays for the programme's statistics (group, size, ages, district, needs,
status) without the leader's or guardian's data, the idea's own text or staff messages.
"""

from django.db import transaction

from home.privacy import Purged, cutoff, forget_about
from initiatives.choices import SubmissionStatus
from initiatives.models import IdeaSubmission, IdeaSubmissionEvent

BLANKS = {
    "leader_name": "",
    "email": "",
    "phone": "",
    "guardian_email": "",
    "guardian_token_hash": None,
    "guardian_token_expires_at": None,
    "description": "",
}


def anonymise_submissions(queryset) -> int:
    ids = list(queryset.values_list("pk", flat=True))
    forget_about(IdeaSubmission, ids)  # its e-mails and guardian links
    IdeaSubmissionEvent.objects.filter(submission_id__in=ids).update(message="")
    return IdeaSubmission.objects.filter(pk__in=ids).update(**BLANKS)


def erase_submissions(email: str) -> dict[str, int]:
    """The person's submissions (as leader or as guardian): unconfirmed ones deleted, others anonymised."""
    with transaction.atomic():
        mine = IdeaSubmission.objects.filter(email__iexact=email) | IdeaSubmission.objects.filter(
            guardian_email__iexact=email
        )
        waiting = mine.filter(status=SubmissionStatus.PENDING_GUARDIAN)
        forget_about(IdeaSubmission, waiting.values_list("pk", flat=True))
        _total, deleted = waiting.delete()
        anonymised = anonymise_submissions(mine.exclude(status=SubmissionStatus.PENDING_GUARDIAN))
    return {"initiatives.IdeaSubmission": deleted.get(IdeaSubmission._meta.label, 0) + anonymised}


def purge_submissions(*, now, dry_run=False, **options) -> list[Purged]:
    """Unconfirmed submissions deleted after ``CAS_RETENTION_UNCONFIRMED_DAYS``; confirmed ones
    anonymised ``CAS_RETENTION_IDEAS_DAYS`` after their last change."""
    unconfirmed = IdeaSubmission.objects.filter(
        status=SubmissionStatus.PENDING_GUARDIAN,
        submitted_at__lt=cutoff("CAS_RETENTION_UNCONFIRMED_DAYS", now),
    )
    old = (
        IdeaSubmission.objects.exclude(status=SubmissionStatus.PENDING_GUARDIAN)
        .filter(updated_at__lt=cutoff("CAS_RETENTION_IDEAS_DAYS", now))
        .exclude(email="")
    )
    results = [
        Purged(
            "Zgłoszone pomysły",
            "CAS_RETENTION_UNCONFIRMED_DAYS bez zgody opiekuna",
            ["initiatives.IdeaSubmission"],
            deleted=unconfirmed.count(),
        ),
        Purged(
            "Zgłoszone pomysły",
            "CAS_RETENTION_IDEAS_DAYS od ostatniej zmiany",
            ["initiatives.IdeaSubmission"],
            anonymised=old.count(),
        ),
    ]
    if not dry_run:
        with transaction.atomic():
            forget_about(IdeaSubmission, unconfirmed.values_list("pk", flat=True))
            unconfirmed.delete()
            anonymise_submissions(old)
    return results
