"""Public API of the volunteering directory: organisations, opportunities, skills and areas.

Anonymous, cacheable, and only ever live organisations and open opportunities;
list endpoints run a constant number of queries whatever the page size.
"""

from datetime import date

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field
from wagtail.images.models import SourceImageIOError

from home.schemas import ImageOut, Paging, VocabularyItem, cacheable, page_of
from volunteers import services
from volunteers.choices import Commitment
from volunteers.models import Area, Skill

router = Router(tags=["volunteering"])


class OrganisationOut(Schema):
    name: str
    slug: str
    krs: str | None
    description: str
    areas: list[VocabularyItem]
    district: VocabularyItem | None
    address: str
    website: str
    email: str
    phone: str
    logo: ImageOut | None
    accepts_volunteers: bool
    partners_informal_groups: bool
    verified: bool
    url: str


class OrganisationList(Schema):
    count: int
    items: list[OrganisationOut]


class OrganisationRef(Schema):
    name: str
    slug: str


class OpportunityOut(Schema):
    id: int
    title: str
    organisation: OrganisationRef
    description: str
    skills: list[VocabularyItem]
    areas: list[VocabularyItem]
    district: VocabularyItem | None
    remote: bool
    min_age: int | None
    commitment: Commitment
    hours: str
    starts_on: date | None
    ends_on: date | None
    application_deadline: date | None
    places: int | None
    benefits: list[str]
    requirements: str
    url: str
    apply_url: str


class OpportunityList(Schema):
    count: int
    items: list[OpportunityOut]


class OrganisationFilters(Schema):
    area: str | None = Field(None, description="slug z `areas/`")
    district: str | None = Field(None, description="slug z `districts/`")
    accepts_volunteers: bool | None = None
    search: str | None = Field(None, max_length=200)


class OpportunityFilters(Schema):
    skill: str | None = Field(None, description="slug z `skills/`")
    area: str | None = Field(None, description="slug z `areas/`")
    district: str | None = Field(None, description="slug z `districts/`")
    remote: bool | None = None
    age: int | None = Field(
        None, ge=0, le=120, description="wiek osoby: oferty bez limitu albo z limitem ≤ age"
    )
    organisation: str | None = Field(None, description="slug organizacji")
    search: str | None = Field(None, max_length=200)


def _vocabulary(items):
    return [{"slug": item.slug, "name": item.name} for item in items]


def _absolute(request, path):
    return request.build_absolute_uri(path)


def organisation_data(request, organisation):
    logo = None
    rendition = None
    if organisation.logo:
        try:
            rendition = organisation.logo.get_rendition(services.LOGO_FILTER)
        except SourceImageIOError:  # a lost original file must not break the whole list
            rendition = None
    if rendition is not None:
        logo = {
            "url": _absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": organisation.logo_alt,
        }
    district = organisation.district
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "krs": organisation.krs or None,
        "description": organisation.description,
        "areas": _vocabulary(organisation.areas.all()),
        "district": {"slug": district.slug, "name": district.name} if district else None,
        "address": organisation.address,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "logo": logo,
        "accepts_volunteers": organisation.accepts_volunteers,
        "partners_informal_groups": organisation.partners_informal_groups,
        "verified": organisation.verified,
        "url": _absolute(request, organisation.get_absolute_url()),
    }


def opportunity_data(request, opportunity):
    district = opportunity.district
    return {
        "id": opportunity.pk,
        "title": opportunity.title,
        "organisation": {"name": opportunity.organisation.name, "slug": opportunity.organisation.slug},
        "description": opportunity.description,
        "skills": _vocabulary(opportunity.skills.all()),
        "areas": _vocabulary(opportunity.areas.all()),
        "district": {"slug": district.slug, "name": district.name} if district else None,
        "remote": opportunity.remote,
        "min_age": opportunity.min_age,
        "commitment": opportunity.commitment,
        "hours": opportunity.hours,
        "starts_on": opportunity.starts_on,
        "ends_on": opportunity.ends_on,
        "application_deadline": opportunity.application_deadline,
        "places": opportunity.places,
        "benefits": list(opportunity.benefits or []),
        "requirements": opportunity.requirements,
        "url": _absolute(request, opportunity.get_absolute_url()),
        "apply_url": _absolute(request, opportunity.apply_url),
    }


@router.get("organisations/", response=OrganisationList, summary="Partner organisations (live only)")
@cacheable()
def list_organisations(request, filters: Query[OrganisationFilters], paging: Query[Paging]):
    queryset = services.filter_organisations(services.public_organisations(), **filters.dict())
    return page_of(queryset, paging, lambda organisation: organisation_data(request, organisation))


@router.get("organisations/{slug}/", response=OrganisationOut, summary="One partner organisation")
@cacheable()
def get_organisation(request, slug: str):
    organisation = services.public_organisations().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation_data(request, organisation)


@router.get("opportunities/", response=OpportunityList, summary="Open volunteer opportunities")
@cacheable()
def list_opportunities(request, filters: Query[OpportunityFilters], paging: Query[Paging]):
    queryset = services.filter_opportunities(services.open_opportunities(), **filters.dict())
    return page_of(queryset, paging, lambda opportunity: opportunity_data(request, opportunity))


@router.get("opportunities/{int:opportunity_id}/", response=OpportunityOut, summary="One open opportunity")
@cacheable()
def get_opportunity(request, opportunity_id: int):
    opportunity = services.open_opportunities().filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Http404
    return opportunity_data(request, opportunity)


@router.get("skills/", response=list[VocabularyItem], summary="Skills (vocabulary for filters and forms)")
@cacheable()
def skills(request):
    return list(Skill.objects.values("slug", "name"))


@router.get("areas/", response=list[VocabularyItem], summary="Areas of activity (vocabulary)")
@cacheable()
def areas(request):
    return list(Area.objects.values("slug", "name"))
