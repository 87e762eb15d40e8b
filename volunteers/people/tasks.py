"""Background jobs of the volunteer registry (they take primary keys)."""

from django_tasks import task

from volunteers.people import emails


@task()
def deliver_email(outbox_id: int):
    """Send one outbox e-mail; a failure leaves it for ``send_pending_emails``."""
    return emails.deliver(outbox_id)


@task()
def send_pending_emails():
    """Retry every unsent e-mail (cron or the worker's periodic run)."""
    return emails.send_pending_emails()
