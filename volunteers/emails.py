"""The directory's e-mails: renderers of the outbox (``home.outbox``), one per kind of message.

Moderation of partners' changes: CAS's staff address hears of a change to review, the members
who made it hear CAS's decision and comment (``services.changes``). A new address for an
organisation's applications gets its confirmation link, issued when the message is sent
(``home.links``), and the previous address is told of the change (``services.contact``).

Youth projects co-organised with CAS: the organisation's proposer hears of each decision and
step with CAS's comment, and of CAS's comments; CAS staff hear of each new proposal and of the
organisation's comments. Renderers read the project and the history entry when the message is sent.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.models import WorkflowState

from home import links
from home.emails import Email, renderer, site_url
from volunteers.choices import LinkPurpose, ProjectStatus
from volunteers.models import ContactEmailChange, Organisation, YouthProject, YouthProjectEvent
from volunteers.services import (
    APPROVED_KIND,
    CONFIRM_CONTACT_PATH,
    CONTACT_CHANGED_KIND,
    CONTACT_CONFIRM_KIND,
    REFUSED_KIND,
    SUBMITTED_KIND,
)

TEMPLATE_DIR = "volunteers/emails/"
#: Where organisations follow their projects (the partner portal).
PORTAL_PATH = "/partnerzy/"


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



def _admin_link(project) -> str:
    """The project in CAS's admin (for staff)."""
    try:
        path = reverse("volunteers_youthproject_modeladmin_inspect", args=[project.pk])
    except NoReverseMatch:  # the admin is not mounted (never in this project)
        path = "/admin/"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _context(project):
    return {
        "title": project.title,
        "organisation": project.organisation.name,
        "ages": project.age_range,
        "needs": project.get_needs_display(),
    }


def _event(message):
    return YouthProjectEvent.objects.filter(pk=message.context.get("event"), project=message.subject).first()


@renderer("projects.proposed", about=YouthProject)
def proposed(message):
    """To CAS staff: a new proposal waits for a decision."""
    project = message.subject
    return Email(TEMPLATE_DIR + "project_proposed", {**_context(project), "link": _admin_link(project)})


@renderer("projects.status_changed", about=YouthProject)
def status_changed(message):
    """To the organisation's proposer: CAS's decision or the project's next step, with the comment."""
    project, event = message.subject, _event(message)
    if event is None:
        return None
    context = {
        **_context(project),
        "to_status": event.to_status,
        "status": ProjectStatus(event.to_status).label,
        "comment": event.comment,
        "link": site_url(PORTAL_PATH, project.language),
    }
    return Email(TEMPLATE_DIR + "project_status_changed", context)


@renderer("projects.comment", about=YouthProject)
def comment(message):
    """A comment in the thread: CAS's to the proposer, the organisation's to CAS staff."""
    project, event = message.subject, _event(message)
    if event is None:
        return None
    link = _admin_link(project) if event.from_organisation else site_url(PORTAL_PATH, project.language)
    context = {
        **_context(project),
        "comment": event.comment,
        "from_organisation": event.from_organisation,
        "link": link,
    }
    return Email(TEMPLATE_DIR + "project_comment", context)
