"""The one outbox: every e-mail the platform sends is stored first, delivered after commit, retried.

``queue(kind, to, about=..., context=...)`` writes an ``OutgoingEmail`` row in the caller's
transaction and enqueues its delivery (``home.tasks.deliver_email``) once that transaction
commits. When the mail server is down the row simply stays unsent and ``send_pending``
(the ``send_pending_emails`` command, cron) delivers it later — exactly once, because a row
is claimed under a lock (``skip_locked`` where the database has it) and marked sent in the
same transaction.

Each kind has a renderer, registered in its app's ``emails.py``::

    @outbox.renderer("workshops.confirmed")
    def confirmed(message):  # an OutgoingEmail
        return Email("campaigns/workshops/emails/booking_confirmed", context)

A renderer returns an ``Email`` (template name and context, plus attachments or reply-to),
a ``(template, context)`` or ``(subject, text, html)`` tuple, or None when there is nothing to
send any more. Renderers run at send time, inside the delivery's transaction: one-time links
are issued there (``home.links``) and rolled back with a failed attempt, never stored raw.
A kind registered with ``keep=False`` is a request decided off the request path (the
registry's sign-up): its row is deleted once handled, so an unknown address is not kept.

Layer: links and outbox (imports models only; the renderers plug in from above).
"""

import logging
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cas_site.jobs import retry_delay
from home.models import OutgoingEmail

logger = logging.getLogger(__name__)

#: Give up retrying a message after this many failed attempts (it stays visible for staff).
MAX_ATTEMPTS = 50


@dataclass
class Email:
    """What a renderer makes of a stored message."""

    template: str
    context: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)  # (filename, content, mimetype)
    reply_to: list | None = None
    to: str | None = None  # only when the recipient is decided at send time


@dataclass
class Renderer:
    render: object
    keep: bool = True
    about: type | None = None


_renderers: dict[str, Renderer] = {}
#: The delivery task (``home.tasks.deliver_email``), which plugs itself in from the layer above.
_delivery_task = None


def delivered_by(task):
    """Called by ``home.tasks``: the task that delivers one message after commit."""
    global _delivery_task
    _delivery_task = task
    return task


def _deliver_after_commit(pk):
    transaction.on_commit(lambda: _delivery_task.enqueue(pk))


def renderer(kind: str, *, keep: bool = True, about=None):
    """Register ``fn(message) -> Email | tuple | None`` as the renderer of ``kind``.

    With ``about=Model`` the message's record is looked up first and handed over as
    ``message.subject``; a record gone meanwhile (erased) means nothing to send.
    """

    def register(fn):
        if kind in _renderers and _renderers[kind].render is not fn:
            raise ValueError(f"Two renderers for the e-mail kind {kind!r}")
        _renderers[kind] = Renderer(fn, keep, about)
        return fn

    return register


def load_renderers():
    """Import the ``emails`` module of every CAS app and of the apps nested in them (called
    when the apps are ready), so every renderer is registered before anything is delivered."""
    import pkgutil

    from django.apps import apps

    packages = set()
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in settings.CAS_APPS:
            packages.add(config.name)
            packages.update(
                f"{config.name}.{info.name}"
                for info in pkgutil.iter_modules(config.module.__path__)
                if info.ispkg and info.name not in ("migrations", "management", "templatetags")
            )
    for package in sorted(packages):
        dotted = f"{package}.emails"
        try:
            import_module(dotted)
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise


def kinds() -> list[str]:
    """Every registered kind of message."""
    return sorted(_renderers)


# --- Rendering --------------------------------------------------------------------------------


def render_email(name: str, context: dict, language: str | None = None):
    """Return ``(subject, text, html_or_None)`` rendered in ``language`` (Polish by default).

    Each e-mail is ``<name>_subject.txt`` and ``<name>.txt`` (plain text is what every mail
    client shows well and screen readers read best); an optional ``<name>.html`` adds HTML.
    """
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **context}
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        text = render_to_string(f"{name}.txt", context)
        try:
            html = render_to_string(f"{name}.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, text, html


def site_url(path: str, language: str | None = None) -> str:
    """An absolute link for an e-mail, under /en/ or /uk/ for people who use those languages."""
    prefix = f"/{language}" if language and language != settings.LANGUAGE_CODE else ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + prefix + path


def _message(email: OutgoingEmail, made) -> EmailMultiAlternatives:
    reply_to = attachments = None
    to = email.to
    if isinstance(made, Email):
        subject, text, html = render_email(made.template, made.context, email.language)
        reply_to, attachments, to = made.reply_to, made.attachments, made.to or email.to
    elif len(made) == 2:
        subject, text, html = render_email(made[0], made[1], email.language)
    else:
        subject, text, html = made
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], reply_to=reply_to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments or ():
        message.attach(*attachment)
    return message


# --- Queue and delivery -----------------------------------------------------------------------


def queue(kind, to, *, about=None, context=None, language=None) -> OutgoingEmail:
    """Store an e-mail of ``kind`` (in the current transaction) and send it after commit."""
    link = {}
    if about is not None:
        link = {"content_type": ContentType.objects.get_for_model(about), "object_id": about.pk}
    email = OutgoingEmail.objects.create(
        kind=kind,
        to=to or "",
        context=context or {},
        language=language or settings.LANGUAGE_CODE,
        **link,
    )
    _deliver_after_commit(email.pk)
    return email


def _claim(pk):
    rows = OutgoingEmail.objects.filter(pk=pk, sent_at__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        return rows.select_for_update(skip_locked=True).first()  # another worker is sending it
    return rows.select_for_update().first()


def _render(entry, email):
    if entry.about is not None:
        email.subject = entry.about._default_manager.filter(pk=email.object_id).first()
        if email.subject is None:
            return None
    return entry.render(email)


def deliver(pk: int) -> bool:
    """Send one queued e-mail unless it has been sent or is being sent; True when it went out now.

    The row lock is held while talking to the mail server. A failure is recorded on the row
    (never raised) with the time of the next attempt; whatever the failed attempt wrote (links
    issued for it) is rolled back.
    """
    with transaction.atomic():
        email = _claim(pk)
        if email is None:
            return False
        entry = _renderers.get(email.kind)
        try:
            if entry is None:
                raise LookupError(f"no renderer for the e-mail kind {email.kind!r}")
            with transaction.atomic():
                made = _render(entry, email)
                if made is not None:
                    _message(email, made).send()
        except Exception as error:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, type(error).__name__
            )
            return False
        if not entry.keep:
            email.delete()  # a request decided here: the address of someone unknown is not kept
            return True
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        email.next_attempt_at = None
        email.context = {}  # personal details are not kept once delivered
        email.save(update_fields=["sent_at", "attempts", "last_error", "next_attempt_at", "context"])
        return True


def pending():
    return OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)


def send_pending(limit: int | None = None) -> tuple[int, int]:
    """Deliver every unsent e-mail (oldest first); return (sent now, still unsent)."""
    ids = list(pending().order_by("pk").values_list("pk", flat=True))
    if limit:
        ids = ids[:limit]
    sent = sum(1 for pk in ids if deliver(pk))
    return sent, OutgoingEmail.objects.filter(sent_at__isnull=True).count()


def send_again(queryset) -> int:
    """Staff's "send again" of failed messages: reset the attempts and deliver after commit."""
    ids = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(attempts=0, next_attempt_at=None)
    for pk in ids:
        _deliver_after_commit(pk)
    return len(ids)


def forget(model, ids) -> int:
    """Delete every message about the ``model`` records ``ids`` (erasure and retention)."""
    content_type = ContentType.objects.get_for_model(model)
    rows = OutgoingEmail.objects.filter(content_type=content_type, object_id__in=list(ids))
    _total, deleted = rows.delete()
    return deleted.get(OutgoingEmail._meta.label, 0)
