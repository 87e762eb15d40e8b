"""Background jobs of the initiatives app: e-mails, each taking primary keys and run after commit."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from home.emails import send_email
from initiatives.choices import SubmissionStatus
from initiatives.models import IdeaSubmission, IdeaSubmissionEvent

EMAILS = "initiatives/emails"


def localised_path(name, language):
    with translation.override(language):
        return reverse(name)


@task()
def send_submission_received(submission_id: int):
    """Tell the group its idea arrived, with the reference to quote."""
    submission = IdeaSubmission.objects.select_related("district").get(pk=submission_id)
    send_email(
        f"{EMAILS}/submission_received",
        submission.email,
        {"submission": submission, "guardian_needed": bool(submission.guardian_email)},
        language=submission.language,
    )


@task()
def send_guardian_request(submission_id: int):
    """Ask the guardian of an under-16 leader to confirm; a retry issues a fresh link."""
    from initiatives.services import issue_guardian_token

    submission = IdeaSubmission.objects.get(pk=submission_id)
    if submission.status != SubmissionStatus.PENDING_GUARDIAN:
        return  # confirmed (or withdrawn) meanwhile: no new link
    token = issue_guardian_token(submission)
    path = localised_path("initiatives:guardian_confirm", submission.language)
    send_email(
        f"{EMAILS}/guardian_request",
        submission.guardian_email,
        {
            "submission": submission,
            "confirm_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}?token={token}",
        },
        language=submission.language,
    )


@task()
def notify_staff_of_submission(submission_id: int):
    """A new active idea for the coordinators (no personal data in the message)."""
    submission = IdeaSubmission.objects.get(pk=submission_id)
    send_email(f"{EMAILS}/staff_new_submission", settings.CAS_STAFF_EMAIL, {"submission": submission})


@task()
def send_status_changed(event_id: int):
    """Tell the leader where the idea stands now, with the staff's short message."""
    event = IdeaSubmissionEvent.objects.select_related("submission").get(pk=event_id)
    submission = event.submission
    send_email(
        f"{EMAILS}/status_changed",
        submission.email,
        {"submission": submission, "event": event, "status": SubmissionStatus(event.to_status).label},
        language=submission.language,
    )
