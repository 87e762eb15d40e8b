"""The registry's e-mailed links (``home.links``) and the self-service session built on them.

Confirmation and guardian links are single use. A self-service link is a bearer credential
for the API for its 24 hours; the website exchanges it once for a session, so that it does
not linger in the browser's address bar.

A person has one live self-service session: using a link (as a bearer, or to open the
website) ends every older link of theirs, used or not (``end_older_sessions``). Asking for a
link alone ends nothing, so knowing someone's address is not enough to sign them out.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from home import links
from home.models import EmailLink
from volunteers.people.choices import LinkPurpose
from volunteers.people.models import Volunteer

#: How long the website's session lasts after a self-service link was opened.
SELF_SERVICE_SESSION = timedelta(hours=1)


def issue_token(volunteer, purpose) -> str:
    """A link of ``purpose`` for ``volunteer``; the raw value goes in the e-mail, never stored."""
    return links.issue(volunteer, purpose)


def find_token(raw: str, purpose) -> EmailLink:
    """The live link of ``purpose`` with its ``volunteer``; ``links.LinkGone`` (410) otherwise
    (``links.UnknownLink`` for a value never issued)."""
    link = links.find(raw, purpose)
    link.volunteer = Volunteer.objects.get(pk=link.object_id)
    return link


def end_older_sessions(link: EmailLink) -> None:
    """``link`` is being used: every older link of the same person and purpose expires now."""
    now = timezone.now()
    EmailLink.objects.filter(
        content_type_id=link.content_type_id,
        object_id=link.object_id,
        purpose=link.purpose,
        pk__lt=link.pk,
        expires_at__gt=now,
    ).update(expires_at=now)


def start_session(raw: str) -> EmailLink:
    """Exchange a self-service link for the website's session (call inside a transaction).

    The used link stands for the session from now on: it lasts ``SELF_SERVICE_SESSION``
    from opening and ends early when a newer link is used.
    """
    link = links.consume(raw, LinkPurpose.SELF_SERVICE)
    link.expires_at = link.used_at + SELF_SERVICE_SESSION
    link.save(update_fields=["expires_at"])
    end_older_sessions(link)
    link.volunteer = Volunteer.objects.get(pk=link.object_id)
    return link


def session_is_live(link_id, volunteer_id) -> bool:
    return EmailLink.objects.filter(
        pk=link_id,
        content_type=ContentType.objects.get_for_model(Volunteer),
        object_id=volunteer_id,
        purpose=LinkPurpose.SELF_SERVICE,
        used_at__isnull=False,
        expires_at__gt=timezone.now(),
    ).exists()
