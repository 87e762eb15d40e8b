"""Background jobs of the volunteer registry (they take primary keys)."""

from django.utils import timezone
from django_tasks import task

from cas_site.jobs import retry_delay
from volunteers.people import emails

__all__ = ["deliver_email", "retry_delay", "send_pending_emails"]


@task()
def deliver_email(outbox_id: int):
    """Send one outbox e-mail; on failure try again later (when the backend can defer tasks).

    Whatever the backend, ``send_pending_emails`` (cron) picks up anything still unsent.
    """
    sent = emails.deliver(outbox_id)
    if not sent:
        email = emails.OutboxEmail.objects.filter(pk=outbox_id, sent_at__isnull=True).first()
        backend = deliver_email.get_backend()
        if email and email.attempts < emails.MAX_ATTEMPTS and backend.supports_defer:
            deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(outbox_id)
    return sent


@task()
def send_pending_emails():
    """Retry every unsent e-mail (cron or the worker's periodic run)."""
    return emails.send_pending_emails()
