"""E-mails of the campaigns app: a school's confirmation and the staff notification."""

from django.conf import settings

from home.emails import send_email


def send_school_request_confirmation(school_request):
    send_email(
        "campaigns/emails/school_request_confirmation",
        school_request.email,
        {"school_request": school_request, "campaign": school_request.campaign},
        language=school_request.language,
    )


def send_school_request_notification(school_request):
    send_email(
        "campaigns/emails/school_request_notification",
        settings.CAS_STAFF_EMAIL,
        {"school_request": school_request, "campaign": school_request.campaign},
        language=settings.LANGUAGE_CODE,
        reply_to=[school_request.email],
    )
