"""The partner API (``/api/v3/partner/…``): an organisation's own operations, authenticated with a
member's personal access token (``Authorization: Bearer cas_pat_…``, made and revoked in the
portal's "Tokeny API" page).

``PartnerToken`` is the one authentication of every partner operation: it answers 401 for any
credential that is not a live partner token (made up, revoked, expired, a removed member's, a
Wagtail API token, a volunteer's self-service link) and gives the operation ``request.auth``, a
``PartnerAccess`` (the membership, its organisation and the token's effective role). Operations
that need a manager check ``request.auth.role`` with ``require_role``; ids of records of other
organisations answer 404 (filter every queryset by ``request.auth.organisation``).

Every write (any method but GET, HEAD, OPTIONS) is counted per member by the same rate limiter as
public writes (``cas_site.ratelimit``, scope ``partner-api-writes``, ``key`` = the membership,
``CAS_PARTNER_API_WRITE_RATE``): past the limit 429 problem+json with ``Retry-After``. It is
counted here, at authentication, so no write operation can be added without it and a member's
several tokens share one allowance.

Mounted only while ``CAS_PARTNERS_PUBLIC`` is on (``public_router``; on by default); operations
are added to ``operations`` (``@operations.get("partner/…", auth=partner_token)`` is the
router's default).
"""

from dataclasses import dataclass
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field
from wagtail.api.v3.errors import problem_response

from cas_site.errors import DomainError, NotFound
from cas_site.public_writes import problem
from home.schemas import ApiDate, ApiDateTime, Paging, no_store, page_of
from volunteers import services as directory
from volunteers.choices import ChangeState, ProjectEventKind, ProjectNeed, ProjectStatus
from volunteers.models import Opportunity, Organisation, YouthProject
from volunteers.partners import access as portal_access
from volunteers.partners import services as partner_services
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
        if request.method not in SAFE_METHODS:
            count_write(request, access)
        return access


#: Methods that change nothing: not counted against a member's writes.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def count_write(request, access: PartnerAccess) -> None:
    """Count one write of this member (``RateLimited``, a 429 problem, past the allowance); the
    portal's writes count against the same allowance (``access.count_write``)."""
    portal_access.count_write(request, access.membership)


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


# --- The profile and the offers: changes CAS moderates ----------------------------------------------

ChangeStateName = Literal["draft", "in_moderation", "approved", "refused", "withdrawn"]
OfferStateName = Literal["live", "closed", "draft", "in_moderation", "refused"]
#: An offer's id in a path: a bounded integer, so an id no column holds is a 422, never a crash.
OpportunityId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def invalid_change(error: directory.InvalidChange):
    """422 with every refused field in ``errors[]`` (not only the first)."""
    errors = [
        {
            "type": "InvalidChange",
            "loc": ["body", "payload"] + ([] if name == NON_FIELD_ERRORS else [name]),
            "msg": message,
        }
        for name, messages in error.errors.items()
        for message in messages
    ]
    return problem_response(status=422, detail=str(error.message), errors=errors)


def _submit(service, *args):
    """Run a change service; its refusals as problem+json (per field for ``InvalidChange``)."""
    try:
        return service(*args), None
    except directory.InvalidChange as error:
        return None, invalid_change(error)
    except DomainError as error:
        return None, problem(error)


class PartnerProfileIn(Schema):
    """A change of the public profile: only the fields given change (``areas`` and ``district`` by
    slug, see ``GET areas/`` and ``GET districts/``). Name, KRS and the address for applications
    are changed elsewhere."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = None
    areas: list[str] | None = None
    district: str | None = None
    address: str | None = None
    website: str | None = None
    phone: str | None = None
    accepts_volunteers: bool | None = None
    partners_informal_groups: bool | None = None


class PartnerChangeOut(Schema):
    subject: Literal["organisation", "opportunity"]
    subject_id: int
    title: str
    state: ChangeStateName
    comment: str
    submitted_by: str
    submitted_at: ApiDateTime
    decided_at: ApiDateTime | None
    revision_id: int


class PartnerChangeList(Schema):
    count: int
    items: list[PartnerChangeOut]


class PartnerSubmittedOut(Schema):
    state: ChangeStateName
    revision_id: int


class PartnerProfileOut(Schema):
    """The profile as CAS last approved it (what the public site shows), and what waits."""

    id: int
    name: str
    slug: str
    krs: str
    live: bool
    url: str | None
    description: str
    areas: list[str]
    district: str | None
    address: str
    website: str
    phone: str
    accepts_volunteers: bool
    partners_informal_groups: bool
    contact_email: str
    pending_contact_email: str | None
    pending_change: PartnerChangeOut | None


class PartnerOpportunityIn(Schema):
    """An offer's fields (a change names only those it changes; ``skills``, ``areas``,
    ``district`` by slug; dates as YYYY-MM-DD)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    description: str | None = None
    skills: list[str] | None = None
    areas: list[str] | None = None
    district: str | None = None
    remote: bool | None = None
    min_age: int | None = None
    places: int | None = None
    commitment: str | None = None
    hours: str | None = None
    starts_on: ApiDate | None = None
    ends_on: ApiDate | None = None
    application_deadline: ApiDate | None = None
    benefits: list[str] | None = None
    requirements: str | None = None


class PartnerOpportunityOut(Schema):
    """An offer as it is live (or, never published, as written), and where it stands."""

    id: int
    state: OfferStateName
    change_waiting: bool
    url: str | None
    title: str
    description: str
    skills: list[str]
    areas: list[str]
    district: str | None
    remote: bool
    min_age: int | None
    places: int | None
    commitment: str
    hours: str
    starts_on: ApiDate | None
    ends_on: ApiDate | None
    application_deadline: ApiDate | None
    benefits: list[str]
    requirements: str


class PartnerOpportunityList(Schema):
    count: int
    items: list[PartnerOpportunityOut]


def _author(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def change_data(change) -> dict:
    return {
        "subject": "opportunity" if change.is_opportunity else "organisation",
        "subject_id": change.subject.pk,
        "title": change.title,
        "state": change.state.value,
        "comment": change.comment,
        "submitted_by": _author(change.submitted_by),
        "submitted_at": change.submitted_at,
        "decided_at": change.decided_at,
        "revision_id": change.revision_id,
    }


def _slugs(terms) -> list[str]:
    return [term.slug for term in terms]


@operations.get(
    "partner/organisation",
    response=PartnerProfileOut,
    summary="The organisation's public profile as CAS last approved it, and what waits for CAS",
)
@no_store
def get_organisation(request):
    organisation = (
        Organisation.objects.select_related("district")
        .prefetch_related("areas")
        .get(pk=request.auth.organisation.pk)
    )
    pending = directory.pending_contact_email(organisation)
    waiting = next(
        (
            c
            for c in directory.change_states(organisation)
            if not c.is_opportunity
            and c.state in (ChangeState.IN_MODERATION, ChangeState.REFUSED, ChangeState.DRAFT)
        ),
        None,
    )
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "slug": organisation.slug,
        "krs": organisation.krs,
        "live": organisation.live,
        "url": organisation.get_absolute_url() if organisation.live else None,
        "description": organisation.description,
        "areas": _slugs(organisation.areas.all()),
        "district": organisation.district.slug if organisation.district else None,
        "address": organisation.address,
        "website": organisation.website,
        "phone": organisation.phone,
        "accepts_volunteers": organisation.accepts_volunteers,
        "partners_informal_groups": organisation.partners_informal_groups,
        "contact_email": organisation.email,
        "pending_contact_email": pending.new_email if pending else None,
        "pending_change": change_data(waiting) if waiting else None,
    }


@operations.post(
    "partner/organisation/changes",
    response={202: PartnerSubmittedOut},
    summary="Submit a change of the public profile to CAS (public once CAS approves it)",
)
@no_store
def submit_organisation_change(request, payload: PartnerProfileIn):
    organisation = Organisation.objects.get(pk=request.auth.organisation.pk)
    data = payload.dict(exclude_unset=True)
    revision, refusal = _submit(directory.submit_organisation_change, organisation, request.auth.member, data)
    if refusal is not None:
        return refusal
    return Status(202, {"state": ChangeState.IN_MODERATION.value, "revision_id": revision.pk})


def _offers(request):
    return Opportunity.objects.filter(organisation=request.auth.organisation)


def _offer(request, opportunity_id) -> Opportunity:
    """An offer of the token's organisation: 404 for any other."""
    return get_object_or_404(_offers(request), pk=opportunity_id)


def offer_data(row) -> dict:
    offer = row["offer"]
    return {
        "id": offer.pk,
        "state": row["state"],
        "change_waiting": row["changed"],
        "url": offer.get_absolute_url() if offer.live else None,
        "title": offer.title,
        "description": offer.description,
        "skills": _slugs(offer.skills.all()),
        "areas": _slugs(offer.areas.all()),
        "district": offer.district.slug if offer.district else None,
        "remote": offer.remote,
        "min_age": offer.min_age,
        "places": offer.places,
        "commitment": offer.commitment,
        "hours": offer.hours,
        "starts_on": offer.starts_on,
        "ends_on": offer.ends_on,
        "application_deadline": offer.application_deadline,
        "benefits": list(offer.benefits or []),
        "requirements": offer.requirements,
    }


def _one(request, offer) -> dict:
    offer = _offers(request).select_related("district").prefetch_related("skills", "areas").get(pk=offer.pk)
    (row,) = partner_services.offer_rows(request.auth.organisation, [offer])
    return offer_data(row)


@operations.get(
    "partner/opportunities",
    response=PartnerOpportunityList,
    summary="The organisation's offers: live, closed, drafts and those waiting for CAS",
)
@no_store
def list_opportunities(request, paging: Query[Paging]):
    queryset = _offers(request).select_related("district").prefetch_related("skills", "areas").order_by("-pk")
    page = page_of(queryset, paging)
    rows = partner_services.offer_rows(request.auth.organisation, page["items"])
    return {"count": page["count"], "items": [offer_data(row) for row in rows]}


@operations.post(
    "partner/opportunities",
    response={201: PartnerOpportunityOut},
    summary="Create an offer; CAS publishes it once approved",
)
@no_store
def create_opportunity(request, payload: PartnerOpportunityIn):
    data = payload.dict(exclude_unset=True)
    offer, refusal = _submit(
        directory.create_opportunity, request.auth.organisation, request.auth.member, data
    )
    if refusal is not None:
        return refusal
    return Status(201, _one(request, offer))


@operations.post(
    "partner/opportunities/{opportunity_id}/changes",
    response={202: PartnerSubmittedOut},
    summary="Submit a change of an offer to CAS (public once CAS approves it)",
)
@no_store
def submit_opportunity_change(request, opportunity_id: OpportunityId, payload: PartnerOpportunityIn):
    offer = _offer(request, opportunity_id)
    data = payload.dict(exclude_unset=True)
    revision, refusal = _submit(directory.submit_opportunity_change, offer, request.auth.member, data)
    if refusal is not None:
        return refusal
    return Status(202, {"state": ChangeState.IN_MODERATION.value, "revision_id": revision.pk})


@operations.post(
    "partner/opportunities/{opportunity_id}/close",
    response=PartnerOpportunityOut,
    summary="Close an offer now: off the site, no more applications",
)
@no_store
def close_opportunity(request, opportunity_id: OpportunityId):
    offer = directory.close_opportunity(_offer(request, opportunity_id), request.auth.member)
    return _one(request, offer)


@operations.post(
    "partner/opportunities/{opportunity_id}/duplicate",
    response={201: PartnerOpportunityOut},
    summary="A draft copy of an offer (not sent to CAS until changed)",
)
@no_store
def duplicate_opportunity(request, opportunity_id: OpportunityId):
    copy = directory.duplicate_opportunity(_offer(request, opportunity_id), request.auth.member)
    return Status(201, _one(request, copy))


@operations.get(
    "partner/changes",
    response=PartnerChangeList,
    summary="Changes of the profile and the offers: their state and CAS's comment",
)
@no_store
def list_changes(request, paging: Query[Paging]):
    changes = directory.change_states(request.auth.organisation)
    items = changes[paging.offset : paging.offset + paging.limit]
    return {"count": len(changes), "items": [change_data(change) for change in items]}


def public_router() -> Router:
    """The operations while ``CAS_PARTNERS_PUBLIC`` is on; an empty router (nothing mounted) otherwise."""
    return operations if settings.CAS_PARTNERS_PUBLIC else Router(tags=["partner"])


router = public_router()
