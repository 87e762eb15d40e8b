"""Rendering and sending the platform's e-mails in the recipient's language.

Each e-mail is a pair of templates, ``<name>_subject.txt`` and ``<name>.txt``
(plain text is what every mail client shows well and what screen readers read
best); an optional ``<name>.html`` adds an HTML alternative.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def render_email(name: str, context: dict, language: str | None = None):
    """Return ``(subject, text, html_or_None)`` rendered in ``language`` (Polish by default)."""
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


def send_email(name, to, context, *, language=None, attachments=(), reply_to=None, headers=None):
    """Render and send one e-mail; ``attachments`` are ``(filename, content, mimetype)``."""
    subject, text, html = render_email(name, context, language)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=reply_to,
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
    return message
