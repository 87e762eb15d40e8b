"""The one delivery task of the outbox (``home.outbox``); it takes a primary key."""

from django.utils import timezone
from django_tasks import task

from home import outbox
from home.models import OutgoingEmail


@outbox.delivered_by
@task()
def deliver_email(pk: int):
    """Send one outbox e-mail; on failure try again later (when the backend can defer tasks).

    Whatever the backend, ``send_pending_emails`` (cron) picks up anything still unsent.
    """
    sent = outbox.deliver(pk)
    if not sent:
        email = OutgoingEmail.objects.filter(pk=pk, sent_at__isnull=True).first()
        backend = deliver_email.get_backend()
        if email and email.attempts and email.attempts < outbox.MAX_ATTEMPTS and backend.supports_defer:
            later = email.next_attempt_at or timezone.now()
            deliver_email.using(run_after=later).enqueue(pk)
    return sent


@task()
def send_pending_emails():
    """Retry every unsent e-mail (cron or the worker's periodic run)."""
    return outbox.send_pending()
