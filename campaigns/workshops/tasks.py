"""Background jobs of the workshops module (enqueued on commit; they take primary keys)."""

from django.utils import timezone
from django_tasks import task

from campaigns.workshops import emails
from cas_site.jobs import retry_delay


@task()
def deliver_booking_email(email_id: int):
    """Send one booking e-mail from the outbox; on failure try again later when the backend can defer.

    Whatever the backend, ``send_pending_emails`` (cron) picks up anything still unsent.
    """
    sent = emails.deliver(email_id)
    if not sent:
        email = emails.BookingEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
        backend = deliver_booking_email.get_backend()
        if email and email.attempts < emails.MAX_ATTEMPTS and backend.supports_defer:
            later = timezone.now() + retry_delay(email.attempts)
            deliver_booking_email.using(run_after=later).enqueue(email_id)
    return sent
