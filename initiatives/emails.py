"""E-mails of the initiatives app: renderers of the outbox (``home.outbox``), one per kind."""

from django.urls import reverse
from django.utils import translation

from home import links
from home.emails import Email, renderer, site_url
from initiatives.choices import LinkPurpose, SubmissionStatus
from initiatives.models import IdeaSubmission, IdeaSubmissionEvent

EMAILS = "initiatives/emails"


@renderer("ideas.submission_received", about=IdeaSubmission)
def submission_received(message):
    """Tell the group its idea arrived, with the reference to quote."""
    submission = message.subject
    return Email(
        f"{EMAILS}/submission_received",
        {"submission": submission, "guardian_needed": bool(submission.guardian_email)},
    )


@renderer("ideas.guardian_request", about=IdeaSubmission)
def guardian_request(message):
    """Ask the guardian of an under-16 leader to confirm; every attempt issues a fresh link."""
    submission = message.subject
    if submission.status != SubmissionStatus.PENDING_GUARDIAN:
        return None  # confirmed (or withdrawn) meanwhile: no new link
    with translation.override(submission.language):
        path = reverse("initiatives:guardian_confirm")
    token = links.issue(submission, LinkPurpose.GUARDIAN)
    url = site_url(f"{path}?token={token}")
    return Email(f"{EMAILS}/guardian_request", {"submission": submission, "confirm_url": url})


@renderer("ideas.staff_new_submission", about=IdeaSubmission)
def staff_new_submission(message):
    """A new active idea for the coordinators (no personal data in the message)."""
    return Email(f"{EMAILS}/staff_new_submission", {"submission": message.subject})


@renderer("ideas.status_changed", about=IdeaSubmission)
def status_changed(message):
    """Tell the leader where the idea stands now, with the staff's short message."""
    event = IdeaSubmissionEvent.objects.filter(pk=message.context.get("event")).first()
    if event is None:
        return None
    status = SubmissionStatus(event.to_status).label
    return Email(
        f"{EMAILS}/status_changed", {"submission": message.subject, "event": event, "status": status}
    )
