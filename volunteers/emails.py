"""The directory's e-mails: renderers of the outbox (``home.outbox``), one per kind of message.

Moderation of partners' changes: CAS's staff address hears of a change to review, the members
who made it hear CAS's decision and comment (``services.changes``). A new address for an
organisation's applications gets its confirmation link, issued when the message is sent
(``home.links``), and the previous address is told of the change (``services.contact``).
"""

from wagtail.models import WorkflowState

from home import links
from home.emails import Email, renderer, site_url
from volunteers.choices import LinkPurpose
from volunteers.models import ContactEmailChange, Organisation
from volunteers.services import (
    APPROVED_KIND,
    CONFIRM_CONTACT_PATH,
    CONTACT_CHANGED_KIND,
    CONTACT_CONFIRM_KIND,
    REFUSED_KIND,
    SUBMITTED_KIND,
)

TEMPLATE_DIR = "volunteers/emails/"


def _from_context(template):
    def render(message):
        return Email(TEMPLATE_DIR + template, message.context)

    return render


renderer(SUBMITTED_KIND, about=WorkflowState)(_from_context("change_submitted"))
renderer(APPROVED_KIND, about=WorkflowState)(_from_context("change_approved"))
renderer(REFUSED_KIND, about=WorkflowState)(_from_context("change_refused"))
renderer(CONTACT_CHANGED_KIND, about=Organisation)(_from_context("contact_email_changed"))


@renderer(CONTACT_CONFIRM_KIND, about=ContactEmailChange)
def contact_email_confirm(message):
    """To the new address: the link that makes it receive applications (a request replaced or
    confirmed meanwhile is gone, and so is the message)."""
    change = message.subject
    raw = links.issue(change, LinkPurpose.CONTACT_EMAIL)
    context = {
        "organisation": change.organisation.name,
        "email": change.new_email,
        "link": site_url(f"{CONFIRM_CONTACT_PATH}?token={raw}"),
    }
    return Email(TEMPLATE_DIR + "contact_email_confirm", context, to=change.new_email)
