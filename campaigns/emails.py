"""E-mails of the campaigns app: a school's confirmation and the staff notification (renderers)."""

from django.conf import settings

from campaigns.models import SchoolRequest
from home.emails import Email, renderer

SCHOOL_REQUEST_CONFIRMATION = "campaigns.school_request_confirmation"
SCHOOL_REQUEST_NOTIFICATION = "campaigns.school_request_notification"


def _school_request(message):
    return SchoolRequest.objects.select_related("campaign").filter(pk=message.object_id).first()


@renderer(SCHOOL_REQUEST_CONFIRMATION)
def school_request_confirmation(message):
    school_request = _school_request(message)
    if school_request is None:  # erased meanwhile
        return None
    return Email(
        "campaigns/emails/school_request_confirmation",
        {"school_request": school_request, "campaign": school_request.campaign},
    )


@renderer(SCHOOL_REQUEST_NOTIFICATION)
def school_request_notification(message):
    school_request = _school_request(message)
    if school_request is None:
        return None
    return Email(
        "campaigns/emails/school_request_notification",
        {"school_request": school_request, "campaign": school_request.campaign},
        reply_to=[school_request.email],
        to=settings.CAS_STAFF_EMAIL,
    )
