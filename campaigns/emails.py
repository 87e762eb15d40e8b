"""E-mails of the campaigns app: a school's confirmation and the staff notification (renderers)."""

from django.conf import settings

from campaigns.models import SchoolRequest
from home.emails import Email, renderer

SCHOOL_REQUEST_CONFIRMATION = "campaigns.school_request_confirmation"
SCHOOL_REQUEST_NOTIFICATION = "campaigns.school_request_notification"


@renderer(SCHOOL_REQUEST_CONFIRMATION, about=SchoolRequest)
def school_request_confirmation(message):
    school_request = message.subject
    context = {"school_request": school_request, "campaign": school_request.campaign}
    return Email("campaigns/emails/school_request_confirmation", context)


@renderer(SCHOOL_REQUEST_NOTIFICATION, about=SchoolRequest)
def school_request_notification(message):
    school_request = message.subject
    return Email(
        "campaigns/emails/school_request_notification",
        {"school_request": school_request, "campaign": school_request.campaign},
        reply_to=[school_request.email],
        to=settings.CAS_STAFF_EMAIL,
    )
