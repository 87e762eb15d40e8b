"""The registry's e-mails: renderers of the outbox (``home.outbox``), one per kind of message.

Services queue a kind about a volunteer; the renderer reads the volunteer when the message
is sent and issues its one-time link then (``home.links``), so no raw link is ever stored.
Two kinds are requests rather than messages (``keep=False``): a sign-up and a request for
an access link are decided here, off the request path, so that a known and an unknown
address cost the request the same work.
"""

from home import ages, links
from home.emails import Email, renderer, site_url
from volunteers.people.choices import ConsentPurpose, LinkPurpose
from volunteers.people.models import Volunteer
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


def _volunteer(message):
    return Volunteer.objects.filter(pk=message.object_id).first()


def _with_link(template, purpose, path):
    def render(message):
        volunteer = _volunteer(message)
        if volunteer is None:  # erased meanwhile
            return None
        raw = links.issue(volunteer, purpose)
        return Email(
            TEMPLATE_DIR + template,
            {"first_name": volunteer.first_name, "link": site_url(f"{path}?token={raw}", volunteer.language)},
        )

    return render


renderer("people.confirm_email")(_with_link("confirm_email", LinkPurpose.CONFIRM_EMAIL, CONFIRM_PATH))
renderer("people.access_link")(_with_link("access_link", LinkPurpose.SELF_SERVICE, SELF_SERVICE_PATH))
renderer("people.already_registered")(
    _with_link("already_registered", LinkPurpose.SELF_SERVICE, SELF_SERVICE_PATH)
)


@renderer("people.guardian_request")
def guardian_request(message):
    volunteer = _volunteer(message)
    if volunteer is None:
        return None
    raw = links.issue(volunteer, LinkPurpose.GUARDIAN_CONSENT)
    text = current_text(ConsentPurpose.GUARDIAN)
    return Email(
        TEMPLATE_DIR + "guardian_request",
        {
            "first_name": volunteer.first_name,
            "birth_year": volunteer.birth_year,
            "consent_text": text.text,
            "consent_version": text.version,
            "newsletter": volunteer.wants_newsletter and ages.needs_guardian_consent(volunteer.age),
            "link": site_url(f"{GUARDIAN_PATH}?token={raw}", volunteer.language),
        },
        to=volunteer.guardian_email,
    )


@renderer("people.welcome")
def welcome(message):
    volunteer = _volunteer(message)
    if volunteer is None:
        return None
    return Email(
        TEMPLATE_DIR + "welcome",
        {"first_name": volunteer.first_name, "link": site_url(SELF_SERVICE_PATH, volunteer.language)},
    )


@renderer("people.application_received")
def application_received(message):
    """To the organisation: the applicant's details as they were when they applied."""
    return Email(TEMPLATE_DIR + "application_received", message.context)


@renderer(REGISTRATION_REQUEST, keep=False)
def registration_request(message):
    complete_registration(message)


@renderer(ACCESS_LINK_REQUEST, keep=False)
def access_link_request(message):
    complete_access_link_request(message)
