"""Rules of the volunteer registry: registration, confirmation, guardian consent, self-service,
erasure, applications and retention. Views, the API, the admin and commands call these.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cas_site.errors import Conflict, DomainError, NotFound
from home.models import District
from volunteers.models import Area, Opportunity, Skill
from volunteers.people import tokens
from volunteers.people.choices import (
    ApplicationStatus,
    Availability,
    ConsentPurpose,
    GivenBy,
    TokenPurpose,
    VolunteerStatus,
)
from volunteers.people.emails import queue_email, site_url
from volunteers.people.models import (
    ADULT_AGE,
    DIGITAL_CONSENT_AGE,
    MIN_AGE,
    AccessToken,
    Application,
    Consent,
    ConsentText,
    ErasureRecord,
    OutboxEmail,
    Volunteer,
    age_in_year,
    subject_hash,
)

JOIN_PATH = "/wolontariat/dolacz/"
CONFIRM_PATH = "/wolontariat/potwierdz/"
GUARDIAN_PATH = "/wolontariat/zgoda-opiekuna/"
SELF_SERVICE_PATH = "/wolontariat/moje-dane/"
#: Largest primary key a client can name (PostgreSQL integer); bigger ones simply do not exist.
MAX_ID = 2**31 - 1


def valid_id(value) -> int | None:
    """``value`` as a primary key, or None when it cannot be one (never a database error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


def unconfirmed_retention() -> timedelta:
    """Registrations whose e-mail was not confirmed within this time are deleted."""
    return timedelta(days=settings.CAS_RETENTION_UNCONFIRMED_DAYS)


# --- Errors ---------------------------------------------------------------------------------------


class RegistrationInvalid(DomainError):
    """Registration data breaks a rule (the message and ``loc`` say which field)."""

    status = 422


class TooYoung(RegistrationInvalid):
    message = _(
        "Osoby poniżej 13 lat nie mogą zapisać się same. Rejestracji może dokonać tylko rodzic lub "
        "opiekun prawny bezpośrednio w CAS — zadzwoń lub przyjdź do nas (pl. Kościuszki 5, Sosnowiec)."
    )


class GuardianRequired(RegistrationInvalid):
    message = _("Osoby poniżej 18 lat muszą podać adres e-mail rodzica lub opiekuna prawnego.")


class NotEligible(DomainError):
    """The volunteer cannot apply to this opportunity (the message says why)."""

    status = 422


class AlreadyApplied(Conflict):
    message = _("Już zgłosiłeś(-aś) się do tej oferty.")


class ConsentTextMissing(DomainError):
    status = 503
    message = _("Brak opublikowanej treści zgody. Spróbuj później.")


# --- Helpers --------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def current_text(purpose) -> ConsentText:
    """The newest published version of the text of ``purpose``."""
    text = (
        ConsentText.objects.filter(purpose=purpose, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )
    if text is None:
        raise ConsentTextMissing()
    return text


def publish_consent_text(purpose, text: str) -> ConsentText:
    """Publish a new version of a consent's wording (old versions stay as they were)."""
    with transaction.atomic():
        latest = ConsentText.objects.select_for_update().filter(purpose=purpose).order_by("-version").first()
        return ConsentText.objects.create(
            purpose=purpose, version=(latest.version + 1) if latest else 1, text=text
        )


def record_consent(volunteer, purpose, given_by=GivenBy.VOLUNTEER) -> Consent:
    text = current_text(purpose)
    return Consent.objects.create(
        volunteer=volunteer,
        purpose=purpose,
        text=text,
        text_version=text.version,
        text_sha256=text.sha256,
        given_by=given_by,
    )


def _language():
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _vocabulary(model, slugs, loc, message):
    slugs = list(dict.fromkeys(slugs or []))
    found = list(model.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {obj.slug for obj in found})
    if missing:
        raise RegistrationInvalid(message % {"value": ", ".join(missing)}, loc=("body", "payload", loc))
    return found


def _district(slug, required=True):
    if not slug:
        if required:
            raise RegistrationInvalid(_("Wybierz dzielnicę."), loc=("body", "payload", "district"))
        return None
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise RegistrationInvalid(
            _("Nie ma dzielnicy „%(value)s”.") % {"value": slug}, loc=("body", "payload", "district")
        )
    return district


def _availability(values):
    values = list(dict.fromkeys(values or []))
    unknown = sorted(set(values) - set(Availability.values))
    if unknown:
        raise RegistrationInvalid(
            _("Nieznana dostępność: %(value)s.") % {"value": ", ".join(unknown)},
            loc=("body", "payload", "availability"),
        )
    return values


def check_age(birth_year: int, guardian_email: str, email: str) -> int:
    """The registration age rules; returns the age (by birth year)."""
    year = timezone.localdate().year
    if birth_year > year or birth_year < year - 120:
        raise RegistrationInvalid(_("Podaj prawdziwy rok urodzenia."), loc=("body", "payload", "birth_year"))
    age = age_in_year(birth_year, year)
    if age < MIN_AGE:
        raise TooYoung(loc=("body", "payload", "birth_year"))
    if age < ADULT_AGE:
        if not guardian_email:
            raise GuardianRequired(loc=("body", "payload", "guardian_email"))
        if normalise_email(guardian_email) == normalise_email(email):
            raise RegistrationInvalid(
                _("Adres e-mail opiekuna musi być inny niż Twój."), loc=("body", "payload", "guardian_email")
            )
    return age


# --- Registration and confirmation ----------------------------------------------------------------


@dataclass
class Registration:
    """What a person submits to join (the API body and the website form both become this)."""

    first_name: str
    email: str
    birth_year: int
    district: str
    phone: str = ""
    skills: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    availability: list = field(default_factory=list)
    about: str = ""
    guardian_email: str = ""
    terms: bool = False
    data_processing: bool = False
    newsletter: bool = False
    opportunity: int | None = None


def register_volunteer(data: Registration, *, language=None) -> None:
    """Sign someone up (pending until they confirm the e-mail); the result never says whether the
    address was known — a known person gets an e-mail with a fresh link instead.
    """
    language = language or _language()
    email = normalise_email(data.email)
    first_name = (data.first_name or "").strip()
    if not first_name:
        raise RegistrationInvalid(_("Podaj imię."), loc=("body", "payload", "first_name"))
    age = check_age(data.birth_year, data.guardian_email, email)
    if not data.terms:
        raise RegistrationInvalid(
            _("Zaakceptuj regulamin bazy wolontariuszy."), loc=("body", "payload", "consents", "terms")
        )
    if not data.data_processing:
        raise RegistrationInvalid(
            _("Wyraź zgodę na przetwarzanie danych — bez niej nie możemy Cię zapisać."),
            loc=("body", "payload", "consents", "data_processing"),
        )
    district = _district(data.district)
    skills = _vocabulary(Skill, data.skills, "skills", _("Nieznana umiejętność: %(value)s."))
    areas = _vocabulary(Area, data.areas, "areas", _("Nieznany obszar działania: %(value)s."))
    availability = _availability(data.availability)
    opportunity_id = valid_id(data.opportunity)
    opportunity = Opportunity.objects.open().filter(pk=opportunity_id).first() if opportunity_id else None
    # Whether the address is on file is decided by the job, not here: a known and an unknown
    # address cost the request the same work and time (one outbox row, one job).
    request = {
        "first_name": first_name,
        "phone": (data.phone or "").strip(),
        "birth_year": data.birth_year,
        "district": district.pk,
        "skills": [skill.pk for skill in skills],
        "areas": [area.pk for area in areas],
        "availability": availability,
        "about": (data.about or "").strip(),
        "guardian_email": normalise_email(data.guardian_email) if age < ADULT_AGE else "",
        "newsletter": bool(data.newsletter),
        "opportunity": opportunity.pk if opportunity else None,
    }
    with transaction.atomic():
        queue_email(REGISTRATION_REQUEST, email, {"registration": request}, language=language)


def complete_registration(row) -> None:
    """The job of a registration request: a new person is stored (pending until they confirm the
    e-mail); a known address gets a fresh link instead. Runs inside the outbox row's transaction."""
    data, email, language = row.context["registration"], row.to, row.language
    existing = Volunteer.objects.select_for_update().filter(email=email).first()
    if existing is not None:
        _remind_known_person(existing)
        return
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                first_name=data["first_name"],
                email=email,
                phone=data["phone"],
                birth_year=data["birth_year"],
                district_id=data["district"],
                availability=data["availability"],
                about=data["about"],
                guardian_email=data["guardian_email"],
                wants_newsletter=data["newsletter"],
                language=language,
                preferred_opportunity_id=data["opportunity"],
            )
    except IntegrityError:  # the same address registered a moment ago, concurrently
        existing = Volunteer.objects.filter(email=email).first()
        if existing:
            _remind_known_person(existing)
        return
    volunteer.skills.set(data["skills"])
    volunteer.areas.set(data["areas"])
    record_consent(volunteer, ConsentPurpose.TERMS)
    record_consent(volunteer, ConsentPurpose.DATA_PROCESSING)
    if data["newsletter"] and volunteer.age >= DIGITAL_CONSENT_AGE:
        record_consent(volunteer, ConsentPurpose.NEWSLETTER)
    _send_confirmation(volunteer)


def _send_confirmation(volunteer):
    raw = tokens.issue_token(volunteer, TokenPurpose.CONFIRM_EMAIL)
    queue_email(
        "confirm_email",
        volunteer.email,
        {
            "first_name": volunteer.first_name,
            "link": site_url(f"{CONFIRM_PATH}?token={raw}", volunteer.language),
        },
        language=volunteer.language,
        volunteer=volunteer,
    )


def _send_access_link(volunteer, template="access_link"):
    raw = tokens.issue_token(volunteer, TokenPurpose.SELF_SERVICE)
    queue_email(
        template,
        volunteer.email,
        {
            "first_name": volunteer.first_name,
            "link": site_url(f"{SELF_SERVICE_PATH}?token={raw}", volunteer.language),
        },
        language=volunteer.language,
        volunteer=volunteer,
    )


def _remind_known_person(volunteer):
    """A registration with an address on file: a new confirmation link, or a self-service link."""
    if volunteer.status == VolunteerStatus.PENDING_CONFIRMATION:
        _send_confirmation(volunteer)
    else:
        _send_access_link(volunteer, template="already_registered")


def _send_guardian_request(volunteer):
    raw = tokens.issue_token(volunteer, TokenPurpose.GUARDIAN_CONSENT)
    text = current_text(ConsentPurpose.GUARDIAN)
    queue_email(
        "guardian_request",
        volunteer.guardian_email,
        {
            "first_name": volunteer.first_name,
            "birth_year": volunteer.birth_year,
            "consent_text": text.text,
            "consent_version": text.version,
            "newsletter": volunteer.wants_newsletter and volunteer.age < DIGITAL_CONSENT_AGE,
            "link": site_url(f"{GUARDIAN_PATH}?token={raw}", volunteer.language),
        },
        language=volunteer.language,
        volunteer=volunteer,
    )


def confirm_email(raw_token: str) -> Volunteer:
    """Double opt-in: the link from the e-mail makes an adult active, a minor wait for the guardian."""
    with transaction.atomic():
        token = tokens.use_token(raw_token, TokenPurpose.CONFIRM_EMAIL)
        volunteer = Volunteer.objects.select_for_update().get(pk=token.volunteer_id)
        now = timezone.now()
        if volunteer.status == VolunteerStatus.PENDING_CONFIRMATION:
            volunteer.confirmed_at = now
            if volunteer.is_minor:
                volunteer.status = VolunteerStatus.PENDING_GUARDIAN
                _send_guardian_request(volunteer)
            else:
                volunteer.status = VolunteerStatus.ACTIVE
                _send_welcome(volunteer)
        volunteer.last_active_at = now
        volunteer.save()
        return volunteer


def _send_welcome(volunteer):
    queue_email(
        "welcome",
        volunteer.email,
        {"first_name": volunteer.first_name, "link": site_url(SELF_SERVICE_PATH, volunteer.language)},
        language=volunteer.language,
        volunteer=volunteer,
    )


def guardian_text(raw_token: str):
    """The volunteer and the consent text a guardian is asked to confirm (checks the token, uses nothing)."""
    token = tokens.find_token(raw_token, TokenPurpose.GUARDIAN_CONSENT)
    return token.volunteer, current_text(ConsentPurpose.GUARDIAN)


def confirm_guardian(raw_token: str) -> Volunteer:
    """The guardian confirms: their consent (and the newsletter under 16) is recorded; the minor is active."""
    with transaction.atomic():
        token = tokens.use_token(raw_token, TokenPurpose.GUARDIAN_CONSENT)
        volunteer = Volunteer.objects.select_for_update().get(pk=token.volunteer_id)
        if volunteer.status != VolunteerStatus.ACTIVE:
            record_consent(volunteer, ConsentPurpose.GUARDIAN, GivenBy.GUARDIAN)
            if volunteer.wants_newsletter and volunteer.age < DIGITAL_CONSENT_AGE:
                record_consent(volunteer, ConsentPurpose.NEWSLETTER, GivenBy.GUARDIAN)
            volunteer.status = VolunteerStatus.ACTIVE
            volunteer.guardian_confirmed_at = timezone.now()
            volunteer.save()
            _send_welcome(volunteer)
        return volunteer


def request_access_link(email: str) -> None:
    """Ask for a self-service link: always one outbox row and one job, whoever the address is
    (no enumeration by answer or by time); the job decides what, if anything, to send."""
    with transaction.atomic():
        queue_email(ACCESS_LINK_REQUEST, normalise_email(email), {}, language=_language())


def complete_access_link_request(row) -> None:
    """The job of an access-link request: e-mail a self-service link if the address is registered;
    nothing otherwise. An unconfirmed person gets a new confirmation link instead, and the guardian
    of a minor still waiting for consent gets a new consent link too."""
    volunteer = Volunteer.objects.filter(email=row.to).first()
    if volunteer is None:
        return
    if volunteer.status == VolunteerStatus.PENDING_CONFIRMATION:
        _send_confirmation(volunteer)
        return
    _send_access_link(volunteer)
    if volunteer.status == VolunteerStatus.PENDING_GUARDIAN:
        _send_guardian_request(volunteer)  # a fresh link for the guardian, whose old one may have expired


#: Outbox rows that carry a request to decide on rather than a message (see ``emails.deliver``).
REGISTRATION_REQUEST = "registration_request"
ACCESS_LINK_REQUEST = "access_link_request"
REQUEST_JOBS = {
    REGISTRATION_REQUEST: complete_registration,
    ACCESS_LINK_REQUEST: complete_access_link_request,
}


# --- Self-service ---------------------------------------------------------------------------------


def volunteer_for_token(raw_token: str) -> Volunteer:
    """The owner of a valid self-service token (API bearer); 410 when used, expired or superseded.

    Using it ends the person's older links and sessions (one live session per person).
    """
    token = tokens.find_token(raw_token, TokenPurpose.SELF_SERVICE)
    tokens.end_older_sessions(token)
    touch(token.volunteer)
    return token.volunteer


def open_self_service(raw_token: str) -> AccessToken:
    """The website exchanges the e-mailed link for a session: the link is used up, and the
    returned token stands for the session (``tokens.session_is_live``)."""
    with transaction.atomic():
        token = tokens.start_session(raw_token)
    touch(token.volunteer)
    return token


def open_self_service_after_confirmation(volunteer) -> AccessToken:
    """The confirmation link has just proved the address: the website opens a session at once
    (it is the person's live session from now on, like one opened with a link)."""
    with transaction.atomic():
        token = tokens.start_session(tokens.issue_token(volunteer, TokenPurpose.SELF_SERVICE))
    return token


def touch(volunteer):
    Volunteer.objects.filter(pk=volunteer.pk).update(last_active_at=timezone.now())


EDITABLE_FIELDS = ("first_name", "phone", "district", "skills", "areas", "availability", "about")


def update_volunteer(volunteer, changes: dict) -> Volunteer:
    """Correct one's own data (GDPR art. 16). E-mail and birth year are changed through CAS (they
    decide the double opt-in and the guardian rules)."""
    with transaction.atomic():
        if "first_name" in changes:
            first_name = (changes["first_name"] or "").strip()
            if not first_name:
                raise RegistrationInvalid(_("Podaj imię."), loc=("body", "payload", "first_name"))
            volunteer.first_name = first_name
        if "phone" in changes:
            volunteer.phone = (changes["phone"] or "").strip()
        if "about" in changes:
            volunteer.about = (changes["about"] or "").strip()
        if "district" in changes:
            volunteer.district = _district(changes["district"])
        if "availability" in changes:
            volunteer.availability = _availability(changes["availability"])
        volunteer.last_active_at = timezone.now()
        volunteer.save()
        if "skills" in changes:
            volunteer.skills.set(
                _vocabulary(Skill, changes["skills"], "skills", _("Nieznana umiejętność: %(value)s."))
            )
        if "areas" in changes:
            volunteer.areas.set(
                _vocabulary(Area, changes["areas"], "areas", _("Nieznany obszar działania: %(value)s."))
            )
    return volunteer


WITHDRAWABLE = (ConsentPurpose.NEWSLETTER,)


class ConsentRequired(DomainError):
    status = 409
    message = _(
        "Bez tej zgody nie możemy prowadzić Twojego konta. Jeśli chcesz ją wycofać, usuń konto — "
        "usuniemy wtedy Twoje dane."
    )


def withdraw_consent(volunteer, purpose) -> int:
    """Withdraw a consent (as easy as giving it). Terms and data processing are withdrawn by deleting
    the account; returns how many ledger rows were closed."""
    if purpose not in ConsentPurpose.values:
        raise NotFound()
    if purpose not in WITHDRAWABLE:
        raise ConsentRequired()
    with transaction.atomic():
        closed = Consent.objects.filter(
            volunteer=volunteer, purpose=purpose, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if purpose == ConsentPurpose.NEWSLETTER:
            Volunteer.objects.filter(pk=volunteer.pk).update(wants_newsletter=False)
            volunteer.wants_newsletter = False
    return closed


def erase_volunteer(volunteer, reason=ErasureRecord.Reason.REQUEST) -> None:
    """Erasure (GDPR art. 17): the person's row goes with their tokens and queued e-mails;
    applications stay anonymised (no volunteer, no message); the consent ledger keeps only
    purpose, text version and hash and dates — withdrawn as of now. The erasure ledger
    remembers it (without personal data) so it can be re-applied after a backup restore.

    The person's own request reaches every register holding their address (bookings,
    school requests, idea submissions…: ``home.privacy.erase_person``); retention erases
    only the registry record."""
    if reason == ErasureRecord.Reason.REQUEST:
        from home.privacy import erase_person

        erase_person(volunteer.email)  # this volunteer included (erase_registry_person)
        return
    with transaction.atomic():
        _record_and_erase(volunteer, reason)


def _record_and_erase(volunteer, reason):
    ErasureRecord.objects.create(
        volunteer_pk=volunteer.pk, subject_hash=subject_hash(volunteer.email), reason=reason
    )
    _erase(volunteer)


def erase_registry_person(email: str) -> dict[str, int]:
    """The registry's part of erasing a person: their volunteer record; as a guardian, their
    address on the child's record (a child still waiting for that consent is erased: the
    record cannot become active without it); every queued or sent e-mail to or about them."""
    email = normalise_email(email)
    volunteers = list(Volunteer.objects.filter(email__iexact=email))
    for volunteer in volunteers:
        _record_and_erase(volunteer, ErasureRecord.Reason.REQUEST)
    children = 0
    for child in Volunteer.objects.filter(guardian_email__iexact=email):
        children += 1
        if child.guardian_confirmed_at is None:
            _record_and_erase(child, ErasureRecord.Reason.REQUEST)
        else:
            Volunteer.objects.filter(pk=child.pk).update(guardian_email="")
    outbox = [
        row.pk
        for row in OutboxEmail.objects.only("to", "context")
        if row.to.lower() == email or email in json.dumps(row.context, ensure_ascii=False).lower()
    ]
    OutboxEmail.objects.filter(pk__in=outbox).delete()
    return {"volunteers.Volunteer": len(volunteers) + children, "volunteers.OutboxEmail": len(outbox)}


def _erase(volunteer):
    now = timezone.now()
    Consent.objects.filter(volunteer=volunteer, withdrawn_at__isnull=True).update(withdrawn_at=now)
    Consent.objects.filter(volunteer=volunteer).update(volunteer=None)
    Application.objects.filter(volunteer=volunteer).exclude(
        status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
    ).update(status=ApplicationStatus.WITHDRAWN)
    Application.objects.filter(volunteer=volunteer).update(volunteer=None, message="")
    OutboxEmail.objects.filter(volunteer=volunteer).delete()
    volunteer.delete()


def export_volunteer(volunteer) -> dict:
    """Everything we hold about the person, as JSON-ready data (GDPR art. 15 and 20)."""
    volunteer = Volunteer.objects.select_related("district", "preferred_opportunity").get(pk=volunteer.pk)
    consents = Consent.objects.filter(volunteer=volunteer).select_related("text")
    applications = Application.objects.filter(volunteer=volunteer).select_related("opportunity__organisation")
    return {
        "volunteer": {
            "first_name": volunteer.first_name,
            "email": volunteer.email,
            "phone": volunteer.phone,
            "birth_year": volunteer.birth_year,
            "district": volunteer.district.slug if volunteer.district else None,
            "skills": sorted(s.slug for s in volunteer.skills.all()),
            "areas": sorted(a.slug for a in volunteer.areas.all()),
            "availability": list(volunteer.availability or []),
            "about": volunteer.about,
            "guardian_email": volunteer.guardian_email or None,
            "wants_newsletter": volunteer.wants_newsletter,
            "status": volunteer.status,
            "language": volunteer.language,
            "preferred_opportunity": volunteer.preferred_opportunity_id,
            "created_at": volunteer.created_at.isoformat(),
            "confirmed_at": volunteer.confirmed_at.isoformat() if volunteer.confirmed_at else None,
            "guardian_confirmed_at": (
                volunteer.guardian_confirmed_at.isoformat() if volunteer.guardian_confirmed_at else None
            ),
            "last_active_at": volunteer.last_active_at.isoformat(),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "text_sha256": c.text_sha256,
                "text": c.text.text,
                "given_by": c.given_by,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in consents
        ],
        "applications": [
            {
                "id": a.pk,
                "opportunity": {"id": a.opportunity_id, "title": a.opportunity.title},
                "organisation": a.opportunity.organisation.name,
                "message": a.message,
                "status": a.status,
                "created_at": a.created_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
            }
            for a in applications
        ],
    }


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
            queue_email(
                "application_received",
                organisation.email or settings.CAS_STAFF_EMAIL,
                {
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
                volunteer=volunteer,
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


# --- Retention ------------------------------------------------------------------------------------


@dataclass
class PurgeReport:
    unconfirmed_deleted: int = 0
    inactive_anonymised: int = 0
    dry_run: bool = False


def inactive_months() -> int:
    return int(getattr(settings, "CAS_VOLUNTEER_INACTIVE_MONTHS", 24))


def purge_personal_data(*, dry_run=False, now=None, months=None) -> PurgeReport:
    """Retention: delete registrations unconfirmed for 7 days; erase volunteers inactive for
    ``months`` (``CAS_VOLUNTEER_INACTIVE_MONTHS``, default 24)."""
    now = now or timezone.now()
    months = inactive_months() if months is None else months
    unconfirmed = Volunteer.objects.filter(
        status=VolunteerStatus.PENDING_CONFIRMATION, created_at__lt=now - unconfirmed_retention()
    )
    inactive = Volunteer.objects.confirmed().filter(
        last_active_at__lt=now - timedelta(days=round(months * 30.44))
    )
    report = PurgeReport(unconfirmed.count(), inactive.count(), dry_run)
    if not dry_run:
        for volunteer in list(unconfirmed):
            erase_volunteer(volunteer, ErasureRecord.Reason.UNCONFIRMED)
        for volunteer in list(inactive):
            erase_volunteer(volunteer, ErasureRecord.Reason.INACTIVE)
    return report


def reapply_erasures(*, dry_run=False) -> int:
    """After restoring a backup: erase again everyone the erasure ledger says was erased.

    A record matches by its former primary key *and* the keyed hash of its address,
    so a new person who later took the same number is never touched.
    """
    ledger = dict(ErasureRecord.objects.values_list("volunteer_pk", "subject_hash"))
    revived = [v for v in Volunteer.objects.filter(pk__in=ledger) if ledger[v.pk] == subject_hash(v.email)]
    if not dry_run:
        with transaction.atomic():
            for volunteer in revived:
                _erase(volunteer)
    return len(revived)


def purge_registry(*, now, dry_run=False, months=None, **options) -> list:
    """The registry's retention rules as ``home.privacy.Purged`` results (``RETENTION_HOOK``):
    unconfirmed sign-ups, inactive volunteers, and sent (or long-undeliverable) e-mails and
    expired links after ``CAS_RETENTION_MESSAGES_DAYS``."""
    from home.privacy import Purged, cutoff

    months = inactive_months() if months is None else months
    report = purge_personal_data(dry_run=dry_run, now=now, months=months)
    messages_cutoff = cutoff("CAS_RETENTION_MESSAGES_DAYS", now)
    outbox = OutboxEmail.objects.filter(
        Q(sent_at__lt=messages_cutoff) | Q(sent_at__isnull=True, created_at__lt=messages_cutoff)
    )
    expired_tokens = AccessToken.objects.filter(expires_at__lt=messages_cutoff)
    results = [
        Purged(
            "Wolontariusze",
            "CAS_RETENTION_UNCONFIRMED_DAYS bez potwierdzenia e-maila",
            ["volunteers.Volunteer"],
            deleted=report.unconfirmed_deleted,
        ),
        Purged(
            "Wolontariusze",
            f"CAS_VOLUNTEER_INACTIVE_MONTHS ({months} mies.) bez aktywności",
            ["volunteers.Volunteer", "volunteers.Application"],
            deleted=report.inactive_anonymised,
        ),
        Purged(
            "E-maile i linki rejestru",
            "CAS_RETENTION_MESSAGES_DAYS od wysłania lub wygaśnięcia",
            ["volunteers.OutboxEmail", "volunteers.AccessToken"],
            deleted=outbox.count() + expired_tokens.count(),
        ),
    ]
    if not dry_run:
        with transaction.atomic():
            outbox.delete()
            expired_tokens.delete()
    return results
