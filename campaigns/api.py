"""API routes of the campaigns app: campaigns, materials, school requests."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from campaigns import services
from campaigns.choices import Audience, ClassLevel, MaterialKind, MaterialLanguage
from campaigns.models import CampaignPage
from cas_site.public_writes import public_write
from home.schemas import (
    DEFAULT_LIMIT,
    Email,
    ImageOut,
    Limit,
    Offset,
    VocabularyItem,
    cacheable,
    no_store,
    page_of,
)

router = Router(tags=["campaigns"])


class CampaignCard(Schema):
    id: int
    title: str
    slug: str
    url: str
    intro: str
    audiences: list[VocabularyItem]
    topics: list[VocabularyItem]
    starts_on: date | None
    ends_on: date | None
    image: ImageOut | None
    materials_count: int


class CampaignList(Schema):
    count: int
    items: list[CampaignCard]


class CampaignFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    audience: Audience | None = None
    topic: str | None = Field(None, max_length=60)
    active: bool | None = None
    search: str | None = Field(None, max_length=100)
    limit: Limit = DEFAULT_LIMIT
    offset: Offset = 0


class MaterialOut(Schema):
    id: int
    title: str
    kind: MaterialKind
    audience: list[VocabularyItem]
    language: MaterialLanguage
    description: str
    licence: str
    format: str
    size_bytes: int
    download_url: str
    downloads: int


class MaterialList(Schema):
    count: int
    items: list[MaterialOut]
    pack_url: str | None


class SchoolRequestIn(Schema):
    """A school's request. ``consent`` records that the caller showed the privacy notice and
    the person agreed; ``website`` is the honeypot (must be absent or empty)."""

    model_config = ConfigDict(extra="forbid")

    school_name: str = Field(..., min_length=2, max_length=200)
    contact_name: str = Field(..., min_length=2, max_length=150)
    email: Email
    phone: str = Field("", max_length=40)
    campaign: int | None = None
    class_level: ClassLevel
    pupils: int = Field(..., ge=1, le=1000)
    preferred_dates: str = Field("", max_length=300)
    message: str = Field("", max_length=2000)
    consent: bool = False
    website: str = ""


class SchoolRequestOut(Schema):
    reference: str
    status: str


def audience_items(values):
    return [{"slug": v, "name": str(Audience(v).label)} for v in values if v in Audience.values]


def card(request, page):
    image = None
    if page.hero_image:
        rendition = page.hero_image.get_rendition(services.CARD_IMAGE_SPEC)
        image = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": page.hero_image_alt,
        }
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "url": page.get_full_url(request),
        "intro": page.intro,
        "audiences": audience_items(page.audiences),
        "topics": [{"slug": t.slug, "name": t.name} for t in page.topics.all()],
        "starts_on": page.starts_on,
        "ends_on": page.ends_on,
        "image": image,
        "materials_count": page.materials_count,
    }


@router.get("campaigns/", response=CampaignList, summary="Campaign cards")
@cacheable()
def list_campaigns(request, filters: Query[CampaignFilters]):
    queryset = services.campaign_cards(
        audience=filters.audience, topic=filters.topic, active=filters.active, search=filters.search
    )
    return page_of(queryset, filters, lambda page: card(request, page))


@router.get("campaigns/{campaign_id}/materials/", response=MaterialList, summary="A campaign's materials")
@cacheable(shared=False)  # download counts change on every download
def list_materials(request, campaign_id: int):
    campaign = get_object_or_404(CampaignPage.objects.live().public(), pk=campaign_id)
    materials = list(services.campaign_materials(campaign))
    items = [
        {
            "id": m.pk,
            "title": m.title,
            "kind": m.kind,
            "audience": audience_items(m.audiences),
            "language": m.language,
            "description": m.description,
            "licence": m.licence,
            "format": m.format,
            "size_bytes": m.size_bytes or 0,
            "download_url": request.build_absolute_uri(
                reverse("campaigns:material_download", args=[campaign.slug, m.pk])
            ),
            "downloads": m.downloads,
        }
        for m in materials
    ]
    pack_url = request.build_absolute_uri(campaign.pack_path()) if items else None
    return {"count": len(items), "items": items, "pack_url": pack_url}


@router.post(
    "school-requests/", response={201: SchoolRequestOut}, summary="Ask CAS to run a campaign at a school"
)
@no_store
@public_write("school-requests")  # the service answers a filled honeypot with a look-alike
def create_school_request(request, payload: SchoolRequestIn):
    data = payload.dict()
    campaign = data.pop("campaign")
    honeypot = data.pop("website")
    school_request = services.submit_school_request(data, campaign=campaign, honeypot=honeypot)
    return Status(201, {"reference": school_request.reference, "status": school_request.status})
