"""Single-purpose links sent by e-mail: 256 random bits, only their SHA-256 stored, expiring.

``issue(subject, purpose)`` makes a link for any record (generic relation) and returns the
raw value to put in the message; ``consume(raw, purpose)`` redeems it once under a row lock;
``peek`` checks it without using it; ``revoke`` ends a record's live links. Every refusal is
one ``LinkGone`` (410) whose message comes from the purpose (``home.choices.LinkPurpose``).
Layer: links and outbox, above models.
"""

import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cas_site.errors import TokenGone
from home.models import EmailLink

#: Longer raw values are refused unhashed (a real one is 43 characters).
MAX_RAW_LENGTH = 200


class LinkGone(TokenGone):
    """The link is unknown, used or expired (410; indistinguishable on purpose)."""


class UnknownLink(LinkGone):
    """No link was ever issued with this value (an API may answer 401 instead of 410)."""


def hash_link(raw: str) -> str:
    return hashlib.sha256((raw or "").encode("utf-8")).hexdigest()


def _subject_filter(subject):
    return {"content_type": ContentType.objects.get_for_model(subject), "object_id": subject.pk}


def issue(subject, purpose, *, lifetime=None, expires_at=None) -> str:
    """A new link to ``subject`` for ``purpose``; the raw value (never stored) goes in the e-mail.

    The expiry is ``expires_at``, else now + ``lifetime``, else now + the purpose's lifetime.
    """
    if expires_at is None:
        expires_at = timezone.now() + (lifetime or purpose.lifetime)
    raw = secrets.token_urlsafe(32)
    EmailLink.objects.create(
        purpose=purpose, token_hash=hash_link(raw), expires_at=expires_at, **_subject_filter(subject)
    )
    return raw


def find(raw: str, purpose, *, for_update=False, now=None) -> EmailLink:
    """The live (unused, unexpired) link of ``purpose``; ``LinkGone`` otherwise."""
    if not raw or len(raw) > MAX_RAW_LENGTH:
        raise LinkGone(purpose.gone_message)
    queryset = EmailLink.objects.select_for_update() if for_update else EmailLink.objects.all()
    link = queryset.filter(token_hash=hash_link(raw), purpose=purpose).first()
    if link is None:
        raise UnknownLink(purpose.gone_message)
    if link.used_at is not None or link.expires_at <= (now or timezone.now()):
        raise LinkGone(purpose.gone_message)
    return link


def subject_id(raw: str, purpose):
    """The primary key of the record a link (live or not) points to, or None: lets a caller take
    its own lock on the subject before ``consume`` locks the link."""
    if not raw or len(raw) > MAX_RAW_LENGTH:
        return None
    return (
        EmailLink.objects.filter(token_hash=hash_link(raw), purpose=purpose)
        .values_list("object_id", flat=True)
        .first()
    )


def peek(raw: str, purpose):
    """The record of a live link, without using the link."""
    return find(raw, purpose).subject


def consume(raw: str, purpose, *, now=None) -> EmailLink:
    """Redeem a single-use link (inside a transaction): it cannot be used again. The link's
    ``subject`` is the record it was issued for."""
    link = find(raw, purpose, for_update=True, now=now)
    link.used_at = now or timezone.now()
    link.save(update_fields=["used_at"])
    return link


def revoke(subject, purpose=None, *, now=None) -> int:
    """End every live link of ``subject`` (of ``purpose`` only, when given)."""
    links = EmailLink.objects.filter(used_at__isnull=True, **_subject_filter(subject))
    if purpose is not None:
        links = links.filter(purpose=purpose)
    return links.update(used_at=now or timezone.now())


def links_of(subject, purpose=None):
    links = EmailLink.objects.filter(**_subject_filter(subject))
    return links.filter(purpose=purpose) if purpose is not None else links


def forget(model, ids) -> int:
    """Delete every link of the ``model`` records ``ids`` (erasure and retention)."""
    content_type = ContentType.objects.get_for_model(model)
    _total, deleted = EmailLink.objects.filter(content_type=content_type, object_id__in=list(ids)).delete()
    return deleted.get(EmailLink._meta.label, 0)


# --- The flows built on links -------------------------------------------------------------------


def redeem(raw: str, purpose, model, *, before=None, usable=None, now=None):
    """Use a link and return its subject, a ``model`` row locked for this transaction.

    ``before(subject_pk)`` takes the caller's own outer lock first (a workshop session's seats),
    so locks are always taken in the same order; ``usable(subject)`` False means the link no
    longer applies (the booking was cancelled meanwhile): ``LinkGone``.
    """
    if before is not None:
        pk = subject_id(raw, purpose)
        if pk is None:
            raise UnknownLink(purpose.gone_message)
        before(pk)
    link = consume(raw, purpose, now=now)
    subject = model._default_manager.select_for_update().filter(pk=link.object_id).first()
    if subject is None or (usable is not None and not usable(subject)):
        raise LinkGone(purpose.gone_message)
    return subject


def confirm_guardian(
    raw: str, purpose, model, *, waiting, on_confirmed, before=None, refuse_done=True, now=None
):
    """The one guardian-consent flow of every app: the guardian's link is used, the subject (a
    booking, a volunteer, an idea) records when the guardian agreed and ``on_confirmed(subject,
    now)`` moves it on (and saves it); every other guardian link of the subject ends.

    A subject no longer ``waiting(subject)`` refuses the link (``LinkGone``), or with
    ``refuse_done=False`` is returned unchanged, and its other guardian links stay usable (the
    registry: a guardian who got two e-mails may click both).
    """
    from django.db import transaction

    now = now or timezone.now()
    with transaction.atomic():
        subject = redeem(raw, purpose, model, before=before, usable=waiting if refuse_done else None, now=now)
        if waiting(subject):
            subject.guardian_confirmed_at = now
            on_confirmed(subject, now)
        if refuse_done:
            revoke(subject, purpose, now=now)
    return subject
