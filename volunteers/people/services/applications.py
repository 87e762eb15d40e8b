"""Applications of volunteers to opportunities."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cas_site.errors import NotFound
from home import outbox
from volunteers.models import Opportunity
from volunteers.people.choices import (
    ApplicationStatus,
    VolunteerStatus,
)
from volunteers.people.models import (
    Application,
    Volunteer,
)
from volunteers.people.services.errors import AlreadyApplied, NotEligible, valid_id
from volunteers.people.services.self_service import touch

# --- Applications ---------------------------------------------------------------------------------


def check_eligibility(volunteer, opportunity) -> None:
    """Raise ``NotEligible`` unless the volunteer may apply to the (open) opportunity now."""
    if volunteer.status != VolunteerStatus.ACTIVE:
        if volunteer.status == VolunteerStatus.PENDING_GUARDIAN:
            raise NotEligible(_("Najpierw Twój opiekun prawny musi potwierdzić zgodę."))
        raise NotEligible(_("Najpierw potwierdź swój adres e-mail."))
    if volunteer.is_minor and volunteer.guardian_confirmed_at is None:
        raise NotEligible(_("Najpierw Twój opiekun prawny musi potwierdzić zgodę."))
    if opportunity.min_age and volunteer.age < opportunity.min_age:
        raise NotEligible(
            _("Ta oferta jest dla osób od %(age)s lat.") % {"age": opportunity.min_age},
            loc=("body", "payload", "opportunity"),
        )


def open_opportunity(opportunity_id) -> Opportunity:
    opportunity_id = valid_id(opportunity_id)
    opportunity = (
        Opportunity.objects.open().select_related("organisation").filter(pk=opportunity_id).first()
        if opportunity_id
        else None
    )
    if opportunity is None:
        raise NotFound(
            _("Ta oferta nie istnieje albo nie przyjmuje już zgłoszeń."),
            loc=("body", "payload", "opportunity"),
        )
    return opportunity


def apply_to_opportunity(volunteer, opportunity_id, message: str = "") -> Application:
    """An application: eligibility checked, one per opportunity, the organisation e-mailed."""
    opportunity = open_opportunity(opportunity_id)
    check_eligibility(volunteer, opportunity)
    message = (message or "").strip()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                volunteer=volunteer, opportunity=opportunity, message=message
            )
            organisation = opportunity.organisation
            outbox.queue(
                "people.application_received",
                organisation.email or settings.CAS_STAFF_EMAIL,
                about=volunteer,
                context={
                    "organisation": organisation.name,
                    "opportunity": opportunity.title,
                    "first_name": volunteer.first_name,
                    "email": volunteer.email,
                    "phone": volunteer.phone,
                    "age": volunteer.age,
                    "district": volunteer.district.name if volunteer.district else "",
                    "message": message,
                },
                language="pl",
            )
            touch(volunteer)
    except IntegrityError as error:
        raise AlreadyApplied(loc=("body", "payload", "opportunity")) from error
    return application


def withdraw_application(volunteer, application_id) -> Application:
    application_id = valid_id(application_id)
    application = (
        Application.objects.filter(volunteer=volunteer, pk=application_id).first() if application_id else None
    )
    if application is None:
        raise NotFound()
    if application.status not in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED):
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
    return application


def active_volunteers_count() -> int:
    return Volunteer.objects.active().count()
