"""Registration, e-mail confirmation, guardian consent and access-link requests."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import ages, links, outbox
from volunteers.models import Area, Opportunity, Skill
from volunteers.people.choices import (
    ConsentPurpose,
    GivenBy,
    LinkPurpose,
    VolunteerStatus,
)
from volunteers.people.models import Volunteer
from volunteers.people.services.consents import (
    _availability,
    _district,
    _language,
    _vocabulary,
    check_age,
    current_text,
    normalise_email,
    record_consent,
)
from volunteers.people.services.errors import RegistrationInvalid, valid_id

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
        "guardian_email": normalise_email(data.guardian_email)
        if ages.needs_guardian_for_agreement(age)
        else "",
        "newsletter": bool(data.newsletter),
        "opportunity": opportunity.pk if opportunity else None,
    }
    with transaction.atomic():
        outbox.queue(REGISTRATION_REQUEST, email, context={"registration": request}, language=language)


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
    if data["newsletter"] and not ages.needs_guardian_consent(volunteer.age):
        record_consent(volunteer, ConsentPurpose.NEWSLETTER)
    _send_confirmation(volunteer)


def _send(kind, volunteer, to=None):
    """Queue one of the registry's e-mails about ``volunteer`` (``volunteers.people.emails``)."""
    outbox.queue(f"people.{kind}", to or volunteer.email, about=volunteer, language=volunteer.language)


def _send_confirmation(volunteer):
    _send("confirm_email", volunteer)


def _send_access_link(volunteer, kind="access_link"):
    _send(kind, volunteer)


def _remind_known_person(volunteer):
    """A registration with an address on file: a new confirmation link, or a self-service link."""
    if volunteer.status == VolunteerStatus.PENDING_CONFIRMATION:
        _send_confirmation(volunteer)
    else:
        _send_access_link(volunteer, kind="already_registered")


def _send_guardian_request(volunteer):
    _send("guardian_request", volunteer, to=volunteer.guardian_email)


def confirm_email(raw_token: str) -> Volunteer:
    """Double opt-in: the link from the e-mail makes an adult active, a minor wait for the guardian."""
    with transaction.atomic():
        volunteer = links.redeem(raw_token, LinkPurpose.CONFIRM_EMAIL, Volunteer)
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
    _send("welcome", volunteer)


def guardian_text(raw_token: str):
    """The volunteer and the consent text a guardian is asked to confirm (checks the link, uses nothing)."""
    return links.peek(raw_token, LinkPurpose.GUARDIAN_CONSENT), current_text(ConsentPurpose.GUARDIAN)


def confirm_guardian(raw_token: str) -> Volunteer:
    """The guardian confirms: their consent (and the newsletter under 16) is recorded; the minor is active."""

    def on_confirmed(volunteer, now):
        record_consent(volunteer, ConsentPurpose.GUARDIAN, GivenBy.GUARDIAN)
        if volunteer.wants_newsletter and ages.needs_guardian_consent(volunteer.age):
            record_consent(volunteer, ConsentPurpose.NEWSLETTER, GivenBy.GUARDIAN)
        volunteer.status = VolunteerStatus.ACTIVE
        volunteer.save()
        _send_welcome(volunteer)

    return links.confirm_guardian(
        raw_token,
        LinkPurpose.GUARDIAN_CONSENT,
        Volunteer,
        waiting=lambda volunteer: volunteer.status != VolunteerStatus.ACTIVE,
        on_confirmed=on_confirmed,
        refuse_done=False,
    )


def request_access_link(email: str) -> None:
    """Ask for a self-service link: always one outbox row and one job, whoever the address is
    (no enumeration by answer or by time); the job decides what, if anything, to send."""
    with transaction.atomic():
        outbox.queue(ACCESS_LINK_REQUEST, normalise_email(email), language=_language())


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


#: Outbox kinds that carry a request to decide on rather than a message (their renderers, in
#: ``volunteers.people.emails``, run the jobs above and keep no row).
REGISTRATION_REQUEST = "people.registration_request"
ACCESS_LINK_REQUEST = "people.access_link_request"
