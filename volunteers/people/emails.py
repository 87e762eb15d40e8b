"""The registry's e-mails: renderers of the outbox (``home.outbox``), one per kind of message.

Services queue a kind about a volunteer; the renderer reads the volunteer when the message
is sent and issues its one-time link then (``home.links``), so no raw link is ever stored.
Two kinds are requests rather than messages (``keep=False``): a sign-up and a request for
an access link are decided here, off the request path, so that a known and an unknown
address cost the request the same work.
"""

from home import ages, links
from home.emails import Email, renderer, site_url
from volunteers.people.choices import ApplicationStatus, Channel, ConsentPurpose, LinkPurpose
from volunteers.people.models import Application, Volunteer
from volunteers.people.services import (
    ACCESS_LINK_REQUEST,
    CONFIRM_PATH,
    GUARDIAN_PATH,
    REGISTRATION_REQUEST,
    SELF_SERVICE_PATH,
    complete_access_link_request,
    complete_registration,
    current_text,
)

TEMPLATE_DIR = "volunteers/people/emails/"


def _with_link(template, purpose, path):
    def render(message):
        volunteer = message.subject
        raw = links.issue(volunteer, purpose)
        link = site_url(f"{path}?token={raw}", volunteer.language)
        return Email(TEMPLATE_DIR + template, {"first_name": volunteer.first_name, "link": link})

    return render


for _kind, _purpose, _path in [
    ("confirm_email", LinkPurpose.CONFIRM_EMAIL, CONFIRM_PATH),
    ("access_link", LinkPurpose.SELF_SERVICE, SELF_SERVICE_PATH),
    ("already_registered", LinkPurpose.SELF_SERVICE, SELF_SERVICE_PATH),
]:
    renderer(f"people.{_kind}", about=Volunteer)(_with_link(_kind, _purpose, _path))


@renderer("people.guardian_request", about=Volunteer)
def guardian_request(message):
    """The guardian of a minor is asked to agree, with the consent text they agree to."""
    volunteer = message.subject
    text = current_text(ConsentPurpose.GUARDIAN)
    raw = links.issue(volunteer, LinkPurpose.GUARDIAN_CONSENT)
    context = {
        "first_name": volunteer.first_name,
        "birth_year": volunteer.birth_year,
        "consent_text": text.text,
        "consent_version": text.version,
        "newsletter": volunteer.wants_newsletter and ages.needs_guardian_consent(volunteer.age),
        "link": site_url(f"{GUARDIAN_PATH}?token={raw}", volunteer.language),
    }
    return Email(TEMPLATE_DIR + "guardian_request", context)


@renderer("people.welcome", about=Volunteer)
def welcome(message):
    volunteer = message.subject
    link = site_url(SELF_SERVICE_PATH, volunteer.language)
    return Email(TEMPLATE_DIR + "welcome", {"first_name": volunteer.first_name, "link": link})


@renderer("people.application_received")
def application_received(message):
    """To the organisation: the applicant's details as they were when they applied."""
    return Email(TEMPLATE_DIR + "application_received", message.context)


@renderer("people.application_status", about=Application)
def application_status(message):
    """To the volunteer: the organisation's side moved their application, with its message."""
    application = message.subject
    volunteer = application.volunteer
    if volunteer is None:  # erased meanwhile
        return None
    status = message.context.get("status", application.status)
    organisation = application.opportunity.organisation
    context = {
        "first_name": volunteer.first_name,
        "opportunity": application.opportunity.title,
        "organisation": organisation.name,
        "status": status,
        "status_label": ApplicationStatus(status).label if status in ApplicationStatus.values else status,
        "message": message.context.get("message", ""),
        "from_cas": message.context.get("via") == Channel.ADMIN,
        "link": site_url(SELF_SERVICE_PATH, volunteer.language),
    }
    reply_to = [organisation.email] if organisation.email else None
    return Email(TEMPLATE_DIR + "application_status", context, reply_to=reply_to, to=volunteer.email)


@renderer(REGISTRATION_REQUEST, keep=False)
def registration_request(message):
    complete_registration(message)


@renderer(ACCESS_LINK_REQUEST, keep=False)
def access_link_request(message):
    complete_access_link_request(message)
