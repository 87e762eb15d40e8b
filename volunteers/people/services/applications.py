"""Applications of volunteers to opportunities, and the one way their status changes."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cas_site.errors import Conflict, DomainError, NotFound
from home import outbox
from home.locking import lock_row
from volunteers.models import Opportunity
from volunteers.people.choices import (
    CLOSED_APPLICATION_STATUSES,
    ORGANISATION_CHANNELS,
    ApplicationStatus,
    Channel,
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
    """The volunteer withdraws their own application; one already decided on stays as it is."""
    application_id = valid_id(application_id)
    application = (
        Application.objects.filter(volunteer=volunteer, pk=application_id).first() if application_id else None
    )
    if application is None:
        raise NotFound()
    if ApplicationStatus.WITHDRAWN in VOLUNTEER_TRANSITIONS.get(application.status, ()):
        application = change_application_status(
            application, ApplicationStatus.WITHDRAWN, via=Channel.VOLUNTEER
        )
    return application


# --- The one status change ------------------------------------------------------------------------

S = ApplicationStatus
#: What the organisation's side (CAS staff in the admin, the partner portal, the partner API)
#: may do with an application. Closed statuses lead nowhere.
ORGANISATION_TRANSITIONS = {
    S.NEW: {S.IN_CONTACT, S.ACCEPTED, S.DECLINED},
    S.IN_CONTACT: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.COMPLETED},
}
#: The volunteer's own: withdrawing an application nobody has decided on yet (also what their
#: erasure does to it).
VOLUNTEER_TRANSITIONS = {
    S.NEW: {S.WITHDRAWN},
    S.IN_CONTACT: {S.WITHDRAWN},
}
#: The audit-log action of a status change (``wagtail_hooks``).
STATUS_CHANGE_ACTION = "cas.application.status"
#: The longest message to the volunteer (as long as the volunteer's own).
MAX_MESSAGE_LENGTH = 2000


class InvalidApplicationTransition(Conflict):
    """This side may not move the application from its status to the one asked for."""

    def __init__(self, current, target, *, message=None):
        labels = dict(ApplicationStatus.choices)
        super().__init__(
            message
            or _("Nie można zmienić statusu zgłoszenia z „%(current)s” na „%(target)s”.")
            % {"current": labels[current], "target": labels.get(target, target)},
            loc=("body", "payload", "status"),
        )


class MessageTooLong(DomainError):
    status = 422

    def __init__(self):
        super().__init__(
            _("Wiadomość może mieć najwyżej %(count)s znaków.") % {"count": MAX_MESSAGE_LENGTH},
            loc=("body", "payload", "message"),
        )


def transitions_for(via) -> dict:
    return ORGANISATION_TRANSITIONS if via in ORGANISATION_CHANNELS else VOLUNTEER_TRANSITIONS


def allowed_statuses(application, via=Channel.ADMIN) -> list[str]:
    """The statuses ``via``'s side may move ``application`` to now (in the enumeration's order)."""
    allowed = transitions_for(via).get(application.status, set())
    return [status for status in ApplicationStatus.values if status in allowed]


def change_application_status(
    application: Application, new_status, *, by=None, message: str = "", via=Channel.ADMIN
) -> Application:
    """Move an application to ``new_status``: the one way every path changes it.

    ``via`` says whose side acts: the organisation's (``admin`` for CAS staff, ``portal``,
    ``api``: in contact, accepted, declined, completed) or the volunteer's (``volunteer``, and
    ``erasure`` when their data is erased: withdrawn only). ``by`` is the user who acts (none
    for the volunteer). The change is audit-logged; a change by the organisation's side is
    e-mailed to the volunteer with ``message`` (optional) through the outbox. Raises
    ``InvalidApplicationTransition`` (409) for a change this side may not make.
    """
    via = Channel(via)
    new_status = str(new_status)
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise MessageTooLong()
    organisation_side = via in ORGANISATION_CHANNELS
    with transaction.atomic():
        locked = lock_row(Application.objects.filter(pk=application.pk)).get()
        if new_status not in transitions_for(via).get(locked.status, set()):
            only_volunteer = organisation_side and new_status == ApplicationStatus.WITHDRAWN
            raise InvalidApplicationTransition(
                locked.status,
                new_status,
                message=_("Zgłoszenie może wycofać tylko wolontariusz.") if only_volunteer else None,
            )
        old_status = locked.status
        locked.status = new_status
        if new_status in CLOSED_APPLICATION_STATUSES:
            locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        log(
            locked,
            STATUS_CHANGE_ACTION,
            user=by,
            data={"from": old_status, "to": new_status, "via": via.value, "message": bool(message)},
        )
        volunteer = locked.volunteer
        if organisation_side and volunteer is not None:
            outbox.queue(
                "people.application_status",
                volunteer.email,
                about=locked,
                context={"status": new_status, "message": message, "via": via.value},
                language=volunteer.language,
            )
    for field in ("status", "closed_at", "updated_at"):
        setattr(application, field, getattr(locked, field))
    return application


def active_volunteers_count() -> int:
    return Volunteer.objects.active().count()
