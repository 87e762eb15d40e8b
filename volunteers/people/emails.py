"""The registry's e-mails go through an outbox: stored with the record, delivered after commit, retried.

``queue_email`` writes an ``OutboxEmail`` row in the caller's transaction and
enqueues its delivery once that transaction commits. If the mail server is down
the row simply stays unsent; ``send_pending_emails`` (the ``send_pending_emails``
command, run by cron, and the worker) delivers it later — exactly once, because a
row is claimed under a lock and marked sent in the same transaction.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cas_site.jobs import enqueue_on_commit
from home.emails import send_email
from volunteers.people.models import OutboxEmail

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "volunteers/people/emails/"
#: Give up retrying a message after this many failed attempts (it stays visible for staff).
MAX_ATTEMPTS = 50


def site_url(path: str, language: str | None = None) -> str:
    """An absolute link for an e-mail, under /en/ or /uk/ for people who use those languages."""
    prefix = f"/{language}" if language and language != settings.LANGUAGE_CODE else ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + prefix + path


def queue_email(template, to, context, *, language="pl", volunteer=None) -> OutboxEmail:
    """Store an e-mail to send (in the current transaction) and send it after commit."""
    from volunteers.people.tasks import deliver_email

    email = OutboxEmail.objects.create(
        template=template, to=to, context=context, language=language, volunteer=volunteer
    )
    enqueue_on_commit(deliver_email, email.pk)
    return email


def deliver(outbox_id: int) -> bool:
    """Send one queued e-mail unless it has been sent; True when it went out now.

    The row lock is held while talking to the mail server, so a concurrent
    delivery of the same row waits and then sees ``sent_at`` — no duplicates.
    A failure is recorded on the row (never raised): the row stays for a retry.
    """
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=outbox_id, sent_at__isnull=True).first()
        if email is None:
            return False
        from volunteers.people.services import REQUEST_JOBS

        job = REQUEST_JOBS.get(email.template)
        try:
            if job is not None:  # a request decided here, off the request path; it sends nothing itself
                with transaction.atomic():
                    job(email)
                email.delete()  # the address of someone unknown is not kept
                return True
            send_email(TEMPLATE_DIR + email.template, email.to, email.context, language=email.language)
        except Exception as error:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            email.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, type(error).__name__
            )
            return False
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        email.context = {}  # one-time links and personal details are not kept once delivered
        email.save(update_fields=["sent_at", "attempts", "last_error", "context"])
        return True


def send_pending_emails(limit: int | None = None) -> int:
    """Deliver every unsent e-mail (oldest first); return how many went out."""
    pending = OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("pk")
    ids = list(
        pending.values_list("pk", flat=True)[:limit] if limit else pending.values_list("pk", flat=True)
    )
    return sum(1 for pk in ids if deliver(pk))
