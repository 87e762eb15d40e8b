"""What an organisation sees of the people who applied to its opportunities, and the audit of it.

An organisation answers an application with what it needs for that and nothing more: the first
name, contact (e-mail, phone), an age band, the applicant's message and, for a minor, whether
the guardian agreed — never the whole volunteer record. Its access to the contact data ends
``CAS_PARTNER_CONTACT_ACCESS_DAYS`` after the application was closed; the rest stays for the
organisation's history. Every look at an applicant's data (portal, partner API, CAS staff in
the admin) is recorded by ``record_personal_data_view``; coordinators read the record.
"""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cas_site.errors import NotFound
from home import ages
from volunteers.people.choices import Channel, DataAccessKind
from volunteers.people.models import ApplicantDataAccess, Application
from volunteers.people.services.errors import valid_id

#: Age bands an organisation sees instead of a birth year (``home.ages``).
AGE_BAND_LABELS = {
    ages.AgeBand.CHILD: _("poniżej 13 lat"),
    ages.AgeBand.YOUNG_TEEN: _("13–15 lat"),
    ages.AgeBand.OLDER_TEEN: _("16–17 lat"),
    ages.AgeBand.ADULT: _("18 lat i więcej"),
}


class GuardianConsent:
    """The guardian's agreement to a minor's volunteering, as an organisation sees it."""

    CONFIRMED = "confirmed"
    PENDING = "pending"
    LABELS = {
        CONFIRMED: _("opiekun prawny wyraził zgodę"),
        PENDING: _("brak potwierdzonej zgody opiekuna prawnego"),
    }


class ContactHidden:
    """Why the contact data is not shown."""

    CLOSED = "closed"  # closed for longer than CAS_PARTNER_CONTACT_ACCESS_DAYS
    ERASED = "erased"  # the volunteer's data was erased (their request or retention)


def contact_access_days() -> int:
    return int(settings.CAS_PARTNER_CONTACT_ACCESS_DAYS)


def contact_access_until(application) -> datetime | None:
    """When the organisation's access to the applicant's contact data ends (None: while open)."""
    if not application.is_closed or application.closed_at is None:
        return None
    return application.closed_at + timedelta(days=contact_access_days())


@dataclass(frozen=True)
class ApplicantView:
    """One application as its organisation sees it; ``email``/``phone`` are None when hidden."""

    application: int
    opportunity: int
    opportunity_title: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    first_name: str | None
    email: str | None
    phone: str | None
    age_band: str | None
    age_band_label: str | None
    minor: bool | None
    guardian_consent: str | None
    message: str
    contact_visible: bool
    contact_hidden_reason: str
    contact_access_until: datetime | None

    def as_dict(self) -> dict:
        return asdict(self)


def applications_for_organisation(organisation):
    """The applications to ``organisation``'s own opportunities, newest first (no other's)."""
    return (
        Application.objects.of_organisation(organisation)
        .select_related("volunteer", "opportunity")
        .order_by("-created_at", "-pk")
    )


def application_of_organisation(organisation, application_id) -> Application:
    """One of ``organisation``'s applications, or ``NotFound`` (404 — whether it exists elsewhere
    is not revealed)."""
    application_id = valid_id(application_id)
    application = (
        applications_for_organisation(organisation).filter(pk=application_id).first()
        if application_id
        else None
    )
    if application is None:
        raise NotFound(_("Nie ma takiego zgłoszenia."))
    return application


def applicant_view(application, *, now=None) -> ApplicantView:
    """What the organisation needs to answer ``application`` — and only that (no audit entry:
    ``show_applicant`` records the look and returns this)."""
    now = now or timezone.now()
    volunteer = application.volunteer
    until = contact_access_until(application)
    if volunteer is None:
        hidden = ContactHidden.ERASED
    elif until is not None and now > until:
        hidden = ContactHidden.CLOSED
    else:
        hidden = ""
    band = ages.band(volunteer.age) if volunteer is not None else None
    minor = volunteer.is_minor if volunteer is not None else None
    consent = None
    if minor:
        consent = GuardianConsent.CONFIRMED if volunteer.guardian_confirmed_at else GuardianConsent.PENDING
    return ApplicantView(
        application=application.pk,
        opportunity=application.opportunity_id,
        opportunity_title=application.opportunity.title,
        status=application.status,
        created_at=application.created_at,
        closed_at=application.closed_at,
        first_name=volunteer.first_name if volunteer is not None else None,
        email=None if hidden else volunteer.email,
        phone=None if hidden else (volunteer.phone or None),
        age_band=band.value if band else None,
        age_band_label=str(AGE_BAND_LABELS[band]) if band else None,
        minor=minor,
        guardian_consent=consent,
        message=application.message,
        contact_visible=not hidden,
        contact_hidden_reason=hidden,
        contact_access_until=until,
    )


def record_personal_data_view(
    application,
    *,
    by,
    via,
    organisation=None,
    kind=DataAccessKind.VIEW,
    contact_shown: bool = True,
    at=None,
) -> ApplicantDataAccess:
    """Write one audit entry: ``by`` (a user) saw the data of ``application``'s applicant through
    ``via`` (admin, portal, api), on behalf of ``organisation`` (None: CAS staff)."""
    return ApplicantDataAccess.objects.create(
        at=at or timezone.now(),
        user=by if getattr(by, "pk", None) else None,
        organisation=organisation,
        application=application,
        application_number=application.pk,
        via=Channel(via),
        kind=DataAccessKind(kind),
        contact_shown=contact_shown,
    )


def show_applicant(application, *, by, via, organisation, now=None) -> ApplicantView:
    """``applicant_view`` for someone acting for ``organisation``, with its audit entry; an
    application to another organisation's opportunity is ``NotFound``."""
    if organisation is None or application.opportunity.organisation_id != organisation.pk:
        raise NotFound(_("Nie ma takiego zgłoszenia."))
    view = applicant_view(application, now=now)
    record_personal_data_view(
        application, by=by, via=via, organisation=organisation, contact_shown=view.contact_visible, at=now
    )
    return view
