"""The partner API (``/api/v3/partner/…``): an organisation's own operations, authenticated with a
member's personal access token (``Authorization: Bearer cas_pat_…``, made and revoked in the
portal's "Tokeny API" page).

``PartnerToken`` is the one authentication of every partner operation: it answers 401 for any
credential that is not a live partner token (made up, revoked, expired, a removed member's, a
Wagtail API token, a volunteer's self-service link) and gives the operation ``request.auth``, a
``PartnerAccess`` (the membership, its organisation and the token's effective role). Operations
that need a manager check ``request.auth.role`` with ``require_role``; ids of records of other
organisations answer 404 (filter every queryset by ``request.auth.organisation``).

Mounted only while ``CAS_PARTNERS_PUBLIC`` is on (``public_router``); later slices add their
operations to ``operations`` (``@operations.get("partner/…", auth=partner_token)`` is the
router's default).
"""

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field

from cas_site.errors import DomainError, NotFound
from home.schemas import ApiDate, ApiDateTime, Paging, no_store, page_of
from volunteers import services as directory
from volunteers.choices import ProjectEventKind, ProjectNeed, ProjectStatus
from volunteers.models import YouthProject
from volunteers.partners import tokens
from volunteers.partners.choices import Role
from volunteers.people import services as people
from volunteers.people.choices import ApplicationStatus, Channel


@dataclass(frozen=True)
class PartnerAccess:
    """What a partner API request may do: act for ``organisation`` as ``member`` with ``role``."""

    token: object
    membership: object

    @property
    def member(self):
        return self.membership.user

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def role(self) -> str:
        return self.token.effective_role()


class PartnerToken(HttpBearer):
    """A live personal access token of the partner API (see the module's docstring)."""

    def authenticate(self, request, token):
        found = tokens.find_live(token)
        if found is None:
            return None
        access = PartnerAccess(token=found, membership=found.membership)
        request.user = access.member  # for audit entries; never a staff account
        return access


partner_token = PartnerToken()


def require_role(request, role) -> None:
    """403 unless the token's effective role allows ``role`` (a manager's allows everything)."""
    if not Role.at_least(request.auth.role, role):
        raise PermissionDenied


operations = Router(tags=["partner"], auth=partner_token)

#: A role as the partner API writes it (``Role`` values; schema names stay the app's own).
RoleName = Literal["manager", "member"]


class PartnerMemberOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str


class PartnerOrganisationOut(Schema):
    id: int
    name: str
    slug: str


class PartnerTokenOut(Schema):
    name: str
    role: RoleName
    created_at: ApiDateTime
    expires_at: ApiDateTime


class PartnerMeOut(Schema):
    member: PartnerMemberOut
    organisation: PartnerOrganisationOut
    role: RoleName
    token: PartnerTokenOut


@operations.get(
    "partner/me", response=PartnerMeOut, summary="The member, organisation and role of this token"
)
@no_store
def me(request):
    access = request.auth
    member, organisation, token = access.member, access.organisation, access.token
    return {
        "member": {
            "id": member.pk,
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
        },
        "organisation": {"id": organisation.pk, "name": organisation.name, "slug": organisation.slug},
        "role": access.role,
        "token": {
            "name": token.name,
            "role": token.role,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
        },
    }


# --- Applications to the organisation's opportunities -------------------------------------------


class PartnerStrictIn(Schema):
    """A request body of the partner API: unknown fields are refused (422)."""

    model_config = ConfigDict(extra="forbid")


class PartnerApplicationFilters(Schema):
    status: ApplicationStatus | None = Field(None, description="status zgłoszenia")
    opportunity: int | None = Field(None, ge=1, le=people.MAX_ID, description="id oferty organizacji")


class PartnerOpportunityRef(Schema):
    id: int
    title: str


class PartnerApplicationItem(Schema):
    id: int
    first_name: str | None = Field(description="null, gdy dane wolontariusza usunięto")
    opportunity: PartnerOpportunityRef
    status: ApplicationStatus
    created_at: ApiDateTime


class PartnerApplicationList(Schema):
    count: int
    items: list[PartnerApplicationItem]


class PartnerApplicantOut(Schema):
    """One application as its organisation sees it (``show_applicant``; the look is recorded)."""

    application: int
    opportunity: int
    opportunity_title: str
    status: ApplicationStatus
    created_at: ApiDateTime
    closed_at: ApiDateTime | None
    first_name: str | None
    email: str | None
    phone: str | None
    age_band: str | None
    age_band_label: str | None
    minor: bool | None
    guardian_consent: str | None
    message: str
    contact_visible: bool
    contact_hidden_reason: str = Field(description="'' | 'closed' | 'erased'")
    contact_access_until: ApiDateTime | None
    allowed_statuses: list[ApplicationStatus]


class PartnerStatusIn(PartnerStrictIn):
    status: ApplicationStatus
    message: str = Field("", max_length=people.MAX_MESSAGE_LENGTH, description="do wolontariusza, w e-mailu")


class PartnerStatusOut(Schema):
    id: int
    status: ApplicationStatus
    allowed_statuses: list[ApplicationStatus]


def application_item(application) -> dict:
    volunteer = application.volunteer
    return {
        "id": application.pk,
        "first_name": volunteer.first_name if volunteer is not None else None,
        "opportunity": {"id": application.opportunity_id, "title": application.opportunity.title},
        "status": application.status,
        "created_at": application.created_at,
    }


@operations.get(
    "partner/applications",
    response=PartnerApplicationList,
    summary="The organisation's applications (first name, offer, status, date)",
)
@no_store
def list_applications(request, filters: Query[PartnerApplicationFilters], paging: Query[Paging]):
    found = people.applications_for_organisation(request.auth.organisation)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.opportunity:
        found = found.filter(opportunity_id=filters.opportunity)
    return page_of(found, paging, application_item)


@operations.get(
    "partner/applications/{application_id}",
    response=PartnerApplicantOut,
    summary="One application with the applicant's contact data (each look is recorded)",
)
@no_store
def get_application(request, application_id: int):
    application = people.application_of_organisation(request.auth.organisation, application_id)
    view = people.show_applicant(
        application, by=request.auth.member, via=Channel.API, organisation=request.auth.organisation
    )
    return {**view.as_dict(), "allowed_statuses": people.allowed_statuses(application, Channel.API)}


@operations.post(
    "partner/applications/{application_id}/status",
    response=PartnerStatusOut,
    summary="Answer an application: a new status and an optional message the volunteer is e-mailed",
)
@no_store
def change_status(request, application_id: int, payload: PartnerStatusIn):
    application = people.application_of_organisation(request.auth.organisation, application_id)
    people.change_application_status(
        application, payload.status, by=request.auth.member, message=payload.message, via=Channel.API
    )
    return {
        "id": application.pk,
        "status": application.status,
        "allowed_statuses": people.allowed_statuses(application, Channel.API),
    }


# --- Youth projects co-organised with CAS ----------------------------------------------------------


class PartnerProjectIn(PartnerStrictIn):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=5000)
    age_min: int = Field(..., ge=6, le=30)
    age_max: int = Field(..., ge=6, le=30)
    needs: list[ProjectNeed] = Field(
        ..., min_length=1, max_length=10, description="czego organizacja oczekuje od CAS"
    )
    starts_on: ApiDate | None = None
    ends_on: ApiDate | None = None


class PartnerCommentIn(PartnerStrictIn):
    comment: str = Field(..., min_length=1, max_length=directory.MAX_COMMENT_LENGTH)


class PartnerProjectItem(Schema):
    id: int
    title: str
    status: ProjectStatus
    age_min: int
    age_max: int
    needs: list[ProjectNeed]
    starts_on: ApiDate | None
    ends_on: ApiDate | None
    submitted_at: ApiDateTime


class PartnerProjectList(Schema):
    count: int
    items: list[PartnerProjectItem]


class PartnerProjectEventOut(Schema):
    kind: ProjectEventKind
    from_organisation: bool = Field(description="true: the organisation wrote it; false: CAS")
    from_status: ProjectStatus | None
    to_status: ProjectStatus | None
    comment: str
    created_at: ApiDateTime


class PartnerPageRef(Schema):
    title: str
    url: str | None


class PartnerProjectOut(PartnerProjectItem):
    description: str
    decided_at: ApiDateTime | None
    started_at: ApiDateTime | None
    finished_at: ApiDateTime | None
    campaign: PartnerPageRef | None
    workshops: list[PartnerPageRef]
    opportunities: list[PartnerOpportunityRef]
    thread: list[PartnerProjectEventOut]


def project_item(project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "status": project.status,
        "age_min": project.age_min,
        "age_max": project.age_max,
        "needs": project.needs,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "submitted_at": project.submitted_at,
    }


def event_out(event) -> dict:
    return {
        "kind": event.kind,
        "from_organisation": event.from_organisation,
        "from_status": event.from_status or None,
        "to_status": event.to_status or None,
        "comment": event.comment,
        "created_at": event.created_at,
    }


def project_out(request, project) -> dict:
    linked = project.status in directory.LINKABLE_PROJECT_STATUSES
    campaign = project.campaign if linked else None
    return {
        **project_item(project),
        "description": project.description,
        "decided_at": project.decided_at,
        "started_at": project.started_at,
        "finished_at": project.finished_at,
        "campaign": {"title": campaign.title, "url": campaign.get_full_url(request)} if campaign else None,
        "workshops": [
            {"title": page.title, "url": page.get_full_url(request)}
            for page in (project.workshops.live().order_by("title") if linked else ())
        ],
        "opportunities": [
            {"id": offer.pk, "title": offer.title}
            for offer in (project.opportunities.order_by("title") if linked else ())
        ],
        "thread": [event_out(event) for event in project.events.all()],
    }


def own_project(request, project_id):
    project_id = people.valid_id(project_id)
    project = (
        YouthProject.objects.of_organisation(request.auth.organisation).filter(pk=project_id).first()
        if project_id
        else None
    )
    if project is None:
        raise NotFound(_("Nie ma takiego projektu."))
    return project


def in_body(error: DomainError) -> DomainError:
    """A service's refusal of a field, located in the request body as the API reports fields."""
    if error.loc and error.loc[0] != "body":
        error.loc = ("body", "payload", *error.loc)
    return error


@operations.get("partner/projects", response=PartnerProjectList, summary="The organisation's youth projects")
@no_store
def list_projects(request, paging: Query[Paging]):
    return page_of(YouthProject.objects.of_organisation(request.auth.organisation), paging, project_item)


@operations.post(
    "partner/projects",
    response={201: PartnerProjectOut},
    summary="Propose a youth project to CAS (CAS staff are told)",
)
@no_store
def create_project(request, payload: PartnerProjectIn):
    try:
        project = directory.propose_project(
            request.auth.organisation,
            request.auth.member,
            directory.ProjectProposal(**payload.dict()),
            language=get_language(),
        )
    except DomainError as error:
        raise in_body(error) from None
    return Status(201, project_out(request, project))


@operations.get(
    "partner/projects/{project_id}", response=PartnerProjectOut, summary="One youth project with its thread"
)
@no_store
def get_project(request, project_id: int):
    return project_out(request, own_project(request, project_id))


@operations.post(
    "partner/projects/{project_id}/comments",
    response={201: PartnerProjectEventOut},
    summary="Comment in a youth project's thread (CAS staff are told)",
)
@no_store
def comment_project(request, project_id: int, payload: PartnerCommentIn):
    project = own_project(request, project_id)
    try:
        event = directory.comment_on_project(
            project, payload.comment, by=request.auth.member, from_organisation=True
        )
    except DomainError as error:
        raise in_body(error) from None
    return Status(201, event_out(event))


def public_router() -> Router:
    """The operations while ``CAS_PARTNERS_PUBLIC`` is on; an empty router (nothing mounted) otherwise."""
    return operations if settings.CAS_PARTNERS_PUBLIC else Router(tags=["partner"])


router = public_router()
