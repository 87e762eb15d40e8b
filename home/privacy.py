"""Retention and erasure across every register of personal data.

Each CAS app that keeps personal data registers two Wagtail hooks (names in
``home.registry``): ``RETENTION_HOOK`` applies its retention periods (settings
``CAS_RETENTION_*``) and ``ERASURE_HOOK`` erases everything it holds under one e-mail
address. ``manage.py purge_personal_data`` runs every retention hook nightly; a
person's erasure (self-service, ``manage.py erase_person``) runs every erasure hook in
one transaction. Records that statistics need (attendance, impact numbers) are
anonymised rather than deleted.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from home.registry import ERASURE_HOOK, RETENTION_HOOK

#: Models with an e-mail field that are not registers of private persons, and why.
NOT_PERSONAL_REGISTERS = {
    "home.CentreSettings": "the centre's own published contact addresses",
    "volunteers.Organisation": "a partner organisation's published contact address (public directory)",
    "auth.User": (
        "staff accounts, managed by administrators, not by the public; partner accounts (no admin "
        "access, login = e-mail) are erased and purged by volunteers/partners/privacy.py, whose "
        "factory here holds the address in one"
    ),
}

#: The domain of addresses that replace anonymised ones where a value must stay unique.
ANONYMOUS_DOMAIN = "usuniete.invalid"


def anonymous_email(pk) -> str:
    return f"{pk}@{ANONYMOUS_DOMAIN}"


@dataclass
class Purged:
    """What one retention rule did (or would do, in a dry run) to one register."""

    register: str
    rule: str
    models: list[str] = field(default_factory=list)
    deleted: int = 0
    anonymised: int = 0


def retention_days(setting: str) -> int:
    return int(getattr(settings, setting))


def cutoff(setting: str, now) -> "timezone.datetime":
    """The moment before which records under ``setting`` (days) are past their retention."""
    return now - timedelta(days=retention_days(setting))


def apply_retention(*, dry_run=False, now=None, progress=None, **options) -> list[Purged]:
    """Run every app's retention hook; ``progress(result)`` is called after each rule."""
    now = now or timezone.now()
    results = []
    for purge in hooks.get_hooks(RETENTION_HOOK):
        for result in purge(now=now, dry_run=dry_run, **options):
            results.append(result)
            if progress is not None:
                progress(result)
    return results


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def erase_person(email: str) -> dict[str, int]:
    """Erase everything every register holds under ``email`` (GDPR art. 17), atomically."""
    email = normalise(email)
    counts = {}
    if not email:
        return counts
    with transaction.atomic():
        for erase in hooks.get_hooks(ERASURE_HOOK):
            for register, count in erase(email).items():
                counts[register] = counts.get(register, 0) + count
    return counts


# --- The outbox and the e-mailed links (home.OutgoingEmail, home.EmailLink) -------------------


def forget_about(model, ids) -> int:
    """Delete the e-mails queued or sent about these records and their e-mailed links: a record
    erased or anonymised takes them along (a message may hold details; a link leads to it)."""
    from home import links, outbox

    ids = list(ids)
    if not ids:
        return 0
    return outbox.forget(model, ids) + links.forget(model, ids)


def erase_messages(email: str) -> dict[str, int]:
    """Every e-mail to the address or mentioning it (an application sent to an organisation)."""
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    from home.models import OutgoingEmail

    rows = OutgoingEmail.objects.annotate(_context=Cast("context", TextField())).filter(
        Q(to__iexact=email) | Q(_context__icontains=email)
    )
    _total, deleted = rows.delete()
    return {"home.OutgoingEmail": deleted.get(OutgoingEmail._meta.label, 0)}


def purge_messages(*, now, dry_run=False, **options) -> list[Purged]:
    """Sent (or long-undeliverable) e-mails and expired links go after ``CAS_RETENTION_MESSAGES_DAYS``."""
    from home.models import EmailLink, OutgoingEmail

    return [messages_rule("Wysyłane e-maile i linki z e-maili", OutgoingEmail, EmailLink, now, dry_run)]


def messages_rule(register, email_model, link_model, now, dry_run) -> Purged:
    """The one retention rule of e-mails and e-mailed links (also of the superseded per-app
    tables until they are dropped): gone ``CAS_RETENTION_MESSAGES_DAYS`` after they were sent
    (or queued, when never delivered) or expired."""
    from django.db.models import Q

    messages_cutoff = cutoff("CAS_RETENTION_MESSAGES_DAYS", now)
    messages = email_model.objects.filter(
        Q(sent_at__lt=messages_cutoff) | Q(sent_at__isnull=True, created_at__lt=messages_cutoff)
    )
    expired = link_model.objects.filter(expires_at__lt=messages_cutoff)
    result = Purged(
        register,
        "CAS_RETENTION_MESSAGES_DAYS od wysłania lub wygaśnięcia",
        [email_model._meta.label, link_model._meta.label],
        deleted=messages.count() + expired.count(),
    )
    if not dry_run:
        with transaction.atomic():
            messages.delete()
            expired.delete()
    return result
