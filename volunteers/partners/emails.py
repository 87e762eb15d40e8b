"""The portal's e-mails: renderers of the outbox (``home.outbox``), one per kind of message.

Links are made when a message is sent, never stored: the invitation's single-use link
(``home.links``) and the password reset link (Django's token generator, which needs no row).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from home.emails import Email, renderer, site_url
from volunteers.partners import services
from volunteers.partners.choices import INVITATION_LIFETIME, Role
from volunteers.partners.models import Invitation, JoinRequest

TEMPLATE_DIR = "volunteers/partners/emails/"


@renderer(services.INVITATION_EMAIL, about=Invitation)
def invitation(message):
    """To the invited address: the organisation (as CAS's directory names it), the role, the link."""
    invitation = message.subject
    if not invitation.is_pending():
        return None  # accepted or replaced before the (retried) message went out
    context = {
        "organisation": invitation.organisation.name,
        "role": Role(invitation.role).label,
        "link": services.invitation_link(invitation),
        "days": INVITATION_LIFETIME.days,
    }
    return Email(TEMPLATE_DIR + "invitation", context)


@renderer(services.JOIN_REQUEST_RECEIVED, about=JoinRequest)
def join_request_received(message):
    """A neutral acknowledgement: the address is not confirmed, so nothing the sender typed."""
    return Email(TEMPLATE_DIR + "join_request_received", {})


@renderer(services.JOIN_REQUEST_STAFF, about=JoinRequest)
def join_request_staff(message):
    return Email(TEMPLATE_DIR + "join_request_staff", {"join_request": message.subject})


@renderer(services.JOIN_REQUEST_REJECTED, about=JoinRequest)
def join_request_rejected(message):
    return Email(TEMPLATE_DIR + "join_request_rejected", {"reason": message.subject.rejection_reason})


@renderer(services.PASSWORD_RESET_REQUEST, keep=False)
def password_reset_request(message):
    services.complete_password_reset_request(message)


@renderer(services.PASSWORD_RESET, about=get_user_model())
def password_reset(message):
    user = message.subject
    path = services.PASSWORD_RESET_PATH.format(
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)), token=default_token_generator.make_token(user)
    )
    return Email(TEMPLATE_DIR + "password_reset", {"link": site_url(path, message.language)})
