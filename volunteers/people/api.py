"""API of the volunteer registry: registration, confirmations and the owner's self-service.

Writes are anonymous JSON POSTs with a honeypot and a rate limit; everything
under ``volunteers/me`` needs the self-service token as ``Authorization: Bearer``
and is never cached. No schema here is public data: personal data only ever
goes back to its owner.
"""

from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field, model_validator

from cas_site.public_writes import public_write
from home import links
from home.schemas import ExampleEmail, OptionalExampleEmail, StatusOut, TokenIn, no_store
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, Availability, VolunteerStatus
from volunteers.people.matching import match_opportunities

router = Router(tags=["volunteering", "volunteer registry"])  # as when nested in the directory router


MAX_ID = services.MAX_ID  # a bigger id is a 422, not a database error


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Strict(Schema):
    """A request body: unknown fields are refused, so are NUL characters (PostgreSQL cannot store them)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data):
        if _has_nul(data):
            raise ValueError(_("Tekst zawiera niedozwolony znak (NUL)."))
        return data


class ConsentsIn(Strict):
    terms: bool
    data_processing: bool
    newsletter: bool = False


class RegistrationIn(Strict):
    first_name: str = Field(..., min_length=1, max_length=60)
    email: ExampleEmail
    phone: str = Field("", max_length=30)
    birth_year: int = Field(..., ge=1900, le=2100)
    district: str = Field(..., max_length=60, description="slug z `districts/`")
    skills: list[str] = Field(default_factory=list, max_length=40, description="slugi z `skills/`")
    areas: list[str] = Field(default_factory=list, max_length=40, description="slugi z `areas/`")
    availability: list[Availability] = Field(default_factory=list, max_length=10)
    about: str = Field("", max_length=2000)
    guardian_email: OptionalExampleEmail | None = None
    consents: ConsentsIn
    opportunity: int | None = Field(None, ge=1, le=MAX_ID, description="oferta wybrana przy zapisie (id)")
    website: str = Field("", max_length=200, description="pole-pułapka: zostaw puste")


class EmailIn(Strict):
    email: ExampleEmail
    website: str = Field("", max_length=200)


class VolunteerOut(Schema):
    first_name: str
    email: str
    phone: str
    birth_year: int
    district: str | None
    skills: list[str]
    areas: list[str]
    availability: list[str]
    about: str
    guardian_email: str | None
    status: VolunteerStatus
    wants_newsletter: bool
    created_at: datetime


class VolunteerPatch(Strict):
    first_name: str | None = Field(None, min_length=1, max_length=60)
    phone: str | None = Field(None, max_length=30)
    district: str | None = Field(None, max_length=60)
    skills: list[str] | None = Field(None, max_length=40)
    areas: list[str] | None = Field(None, max_length=40)
    availability: list[Availability] | None = Field(None, max_length=10)
    about: str | None = Field(None, max_length=2000)


class MatchOpportunity(Schema):
    id: int
    title: str
    organisation: str
    url: str


class MatchOut(Schema):
    opportunity: MatchOpportunity
    score: int
    reasons: list[str]


class MatchList(Schema):
    count: int
    items: list[MatchOut]


class ApplicationIn(Strict):
    opportunity: int = Field(..., ge=1, le=MAX_ID)
    message: str = Field("", max_length=2000)


class ApplicationOut(Schema):
    id: int
    opportunity: int
    status: ApplicationStatus
    created_at: datetime


class ExportVolunteer(Schema):
    first_name: str
    email: str
    phone: str
    birth_year: int
    district: str | None
    skills: list[str]
    areas: list[str]
    availability: list[str]
    about: str
    guardian_email: str | None
    wants_newsletter: bool
    status: str
    language: str
    preferred_opportunity: int | None
    created_at: str
    confirmed_at: str | None
    guardian_confirmed_at: str | None
    last_active_at: str


class ExportConsent(Schema):
    purpose: str
    text_version: int
    text_sha256: str
    text: str
    given_by: str
    given_at: str
    withdrawn_at: str | None


class ExportOpportunity(Schema):
    id: int
    title: str


class ExportApplication(Schema):
    id: int
    opportunity: ExportOpportunity
    organisation: str
    message: str
    status: str
    created_at: str
    updated_at: str


class ExportOut(Schema):
    """Everything the registry holds about its owner (GDPR art. 15 and 20)."""

    volunteer: ExportVolunteer
    consents: list[ExportConsent]
    applications: list[ExportApplication]


class SelfServiceToken(HttpBearer):
    """The e-mailed self-service token; a used, expired or superseded one answers 410 with a way
    to a new link, a value never issued (made up, a staff API token) 401."""

    def authenticate(self, request, token):
        try:
            return services.volunteer_for_token(token)
        except links.UnknownLink:
            return None


self_service = SelfServiceToken()


def volunteer_data(volunteer):
    return services.own_data(volunteer)


@router.post("volunteers/", response={202: StatusOut}, summary="Register as a volunteer (double opt-in)")
@public_write("volunteer-register", honeypot=lambda payload: pending_confirmation())
def register(request, payload: RegistrationIn):
    services.register_volunteer(
        services.Registration(
            first_name=payload.first_name,
            email=payload.email,
            phone=payload.phone,
            birth_year=payload.birth_year,
            district=payload.district,
            skills=payload.skills,
            areas=payload.areas,
            availability=[str(a) for a in payload.availability],
            about=payload.about,
            guardian_email=payload.guardian_email or "",
            terms=payload.consents.terms,
            data_processing=payload.consents.data_processing,
            newsletter=payload.consents.newsletter,
            opportunity=payload.opportunity,
        )
    )
    return pending_confirmation()


def pending_confirmation():
    """The answer to every sign-up, stored or not (a bot's, an address already registered)."""
    return Status(202, {"status": "pending_confirmation"})


def sent_if_registered():
    """The answer to every link request, whether or not the address is registered."""
    return Status(202, {"status": "sent_if_registered"})


@router.post("volunteers/confirm", response=StatusOut, summary="Confirm the e-mail address (link token)")
@no_store
@public_write("volunteer-confirm")
def confirm(request, payload: TokenIn):
    return {"status": services.confirm_email(payload.token).status}


@router.post("volunteers/guardian-confirm", response=StatusOut, summary="A guardian confirms consent")
@no_store
@public_write("volunteer-confirm")
def guardian_confirm(request, payload: TokenIn):
    return {"status": services.confirm_guardian(payload.token).status}


@router.post("volunteers/access-link", response={202: StatusOut}, summary="E-mail me a self-service link")
@public_write("volunteer-access-link", honeypot=lambda payload: sent_if_registered())
def access_link(request, payload: EmailIn):
    services.request_access_link(payload.email)
    return sent_if_registered()


@router.get("volunteers/me", response=VolunteerOut, auth=self_service, summary="My data")
@no_store
def me(request):
    return volunteer_data(request.auth)


@router.patch("volunteers/me", response=VolunteerOut, auth=self_service, summary="Correct my data")
@no_store
@public_write("volunteer-self-service")
def patch_me(request, payload: VolunteerPatch):
    changes = payload.dict(exclude_unset=True)
    if "availability" in changes and changes["availability"] is not None:
        changes["availability"] = [str(a) for a in changes["availability"]]
    volunteer = services.update_volunteer(request.auth, changes)
    return volunteer_data(volunteer)


@router.delete(
    "volunteers/me", response={204: None}, auth=self_service, summary="Delete my account (erasure)"
)
@no_store
def delete_me(request):
    services.erase_volunteer(request.auth)
    return HttpResponse(status=204)


@router.get("volunteers/me/export", response=ExportOut, auth=self_service, summary="All my data as JSON")
@no_store
def export_me(request):
    return services.export_volunteer(request.auth)


@router.get("volunteers/me/matches", response=MatchList, auth=self_service, summary="Opportunities for me")
@no_store
def my_matches(request):
    matches = match_opportunities(request.auth)
    items = [
        {
            "opportunity": {
                "id": m.opportunity.pk,
                "title": m.opportunity.title,
                "organisation": m.opportunity.organisation.name,
                "url": request.build_absolute_uri(m.opportunity.get_absolute_url()),
            },
            "score": m.score,
            "reasons": m.reasons,
        }
        for m in matches
    ]
    return {"count": len(items), "items": items}


@router.post(
    "volunteers/me/applications",
    response={201: ApplicationOut},
    auth=self_service,
    summary="Apply to an opportunity",
)
@no_store
@public_write("volunteer-applications")  # each one e-mails an organisation
def apply(request, payload: ApplicationIn):
    application = services.apply_to_opportunity(request.auth, payload.opportunity, payload.message)
    return Status(
        201,
        {
            "id": application.pk,
            "opportunity": application.opportunity_id,
            "status": application.status,
            "created_at": application.created_at,
        },
    )
