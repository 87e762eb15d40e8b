"""E-mails of the initiatives app: renderers of the outbox (``home.outbox``), one per kind."""

from django.urls import reverse
from django.utils import translation

from home import links
from home.emails import Email, renderer, site_url
from initiatives.choices import LinkPurpose, SubmissionStatus
from initiatives.models import IdeaSubmission, IdeaSubmissionEvent

EMAILS = "initiatives/emails"


def _submission(message):
    return IdeaSubmission.objects.select_related("district").filter(pk=message.object_id).first()


@renderer("ideas.submission_received")
def submission_received(message):
    """Tell the group its idea arrived, with the reference to quote."""
    submission = _submission(message)
    if submission is None:
        return None
    return Email(
        f"{EMAILS}/submission_received",
        {"submission": submission, "guardian_needed": bool(submission.guardian_email)},
    )


@renderer("ideas.guardian_request")
def guardian_request(message):
    """Ask the guardian of an under-16 leader to confirm; every attempt issues a fresh link."""
    submission = _submission(message)
    if submission is None or submission.status != SubmissionStatus.PENDING_GUARDIAN:
        return None  # confirmed (or withdrawn) meanwhile: no new link
    token = links.issue(submission, LinkPurpose.GUARDIAN)
    with translation.override(submission.language):
        path = reverse("initiatives:guardian_confirm")
    return Email(
        f"{EMAILS}/guardian_request",
        {"submission": submission, "confirm_url": site_url(f"{path}?token={token}")},
        to=submission.guardian_email,
    )


@renderer("ideas.staff_new_submission")
def staff_new_submission(message):
    """A new active idea for the coordinators (no personal data in the message)."""
    submission = _submission(message)
    if submission is None:
        return None
    return Email(f"{EMAILS}/staff_new_submission", {"submission": submission})


@renderer("ideas.status_changed")
def status_changed(message):
    """Tell the leader where the idea stands now, with the staff's short message."""
    event = (
        IdeaSubmissionEvent.objects.select_related("submission")
        .filter(pk=message.context.get("event"))
        .first()
    )
    if event is None:
        return None
    submission = event.submission
    return Email(
        f"{EMAILS}/status_changed",
        {"submission": submission, "event": event, "status": SubmissionStatus(event.to_status).label},
    )
