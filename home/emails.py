"""Rendering the platform's e-mails in the recipient's language, for the renderers of each kind.

Every e-mail goes through the outbox (``home.outbox``): an app's ``emails.py`` registers a
renderer per kind of message, which returns an ``Email`` (template name and context) made
with the helpers here. Templates are ``<name>_subject.txt`` and ``<name>.txt`` with an
optional ``<name>.html``.
"""

from home.outbox import Email, render_email, renderer, site_url

__all__ = ["Email", "render_email", "renderer", "site_url"]
