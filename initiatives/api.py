"""Public API of the initiatives app: success-story cards and idea submissions (API.md)."""

from decimal import Decimal
from typing import Literal

from django.utils import translation
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from cas_site.errors import DomainError
from cas_site.public_writes import public_write
from home.models import District
from home.schemas import (
    DEFAULT_LIMIT,
    ApiDate,
    Email,
    ImageOut,
    Limit,
    Offset,
    VocabularyItem,
    cacheable,
    no_store,
    page_of,
)
from initiatives import services
from initiatives.choices import SupportType
from initiatives.models import Topic

router = Router(tags=["initiatives"])

STORY_CARD_RENDITION = "fill-800x533|format-webp"


class UnknownFilterValue(DomainError):
    pass


class ImpactFigure(Schema):
    number: str
    label: str


class StoryCard(Schema):
    id: int
    title: str
    url: str
    group_name: str
    year: int
    district: VocabularyItem | None
    summary: str
    image: ImageOut | None
    impact: list[ImpactFigure]
    topics: list[VocabularyItem]


class StoryList(Schema):
    count: int
    items: list[StoryCard]


class StoryFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    year: int | None = Field(None, ge=2000, le=2100)
    district: str | None = Field(None, max_length=60)
    topic: str | None = Field(None, max_length=60)
    limit: Limit = DEFAULT_LIMIT
    offset: Offset = 0


def story_card(story, request) -> dict:
    photo = services.card_image(story)
    image = None
    if photo:
        rendition = photo.image.get_rendition(STORY_CARD_RENDITION)
        image = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": photo.alt_text,
        }
    return {
        "id": story.pk,
        "title": story.title,
        "url": story.get_full_url(request),
        "group_name": story.group_name,
        "year": story.year,
        "district": {"slug": story.district.slug, "name": story.district.name} if story.district else None,
        "summary": story.intro,
        "image": image,
        "impact": [{"number": b.value["number"], "label": b.value["label"]} for b in story.impact],
        "topics": [{"slug": t.slug, "name": t.name} for t in story.topics.all()],
    }


@router.get("stories/", response=StoryList, summary="Success stories of informal groups")
@cacheable()
def list_stories(request, filters: Query[StoryFilters]):
    district = topic = None
    if filters.district:
        district = District.objects.filter(slug=filters.district).first()
        if district is None:
            raise UnknownFilterValue(translation.gettext("Nieznana dzielnica."), loc=("query", "district"))
    if filters.topic:
        topic = Topic.objects.filter(slug=filters.topic).first()
        if topic is None:
            raise UnknownFilterValue(translation.gettext("Nieznany temat."), loc=("query", "topic"))
    stories = services.story_cards(year=filters.year, district=district, topic=topic)
    return page_of(stories, filters, lambda story: story_card(story, request))


class IdeaConsents(Schema):
    model_config = ConfigDict(extra="forbid")

    terms: bool


class IdeaIn(Schema):
    """An idea of an informal group. Fields beyond API.md's are optional."""

    model_config = ConfigDict(extra="forbid")

    group_name: str = Field(min_length=2, max_length=150)
    leader_name: str = Field(min_length=2, max_length=150)
    email: Email
    birth_year: int = Field(ge=1920, le=2100)
    members_count: int = Field(ge=1, le=500)
    title: str = Field(min_length=3, max_length=200)
    description: str = Field(min_length=10, max_length=5000)
    needs: list[Literal[tuple(SupportType.values)]] = Field(max_length=len(SupportType.values))  # type: ignore[valid-type]
    district: str = Field(max_length=60)
    consents: IdeaConsents
    informal_group: bool = True
    phone: str = Field("", max_length=30)
    age_min: int | None = Field(None, ge=5, le=120)
    age_max: int | None = Field(None, ge=5, le=120)
    funding_amount: Decimal | None = Field(None, gt=0, max_digits=9, decimal_places=2)
    planned_start: ApiDate | None = None
    planned_end: ApiDate | None = None
    guardian_email: Email | None = None
    website: str | None = Field(None, max_length=200)


class IdeaOut(Schema):
    reference: str
    status: Literal["submitted"]
    guardian_confirmation_required: bool


class GuardianConfirmIn(Schema):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(max_length=200)


class GuardianConfirmOut(Schema):
    status: Literal["submitted"]


def fake_idea(payload):
    """A filled honeypot: the usual answer, nothing stored."""
    answer = {
        "reference": services.fake_reference(),
        "status": "submitted",
        "guardian_confirmation_required": False,
    }
    return Status(201, answer)


@router.post("ideas/", response={201: IdeaOut}, summary="Submit an idea of an informal group")
@no_store
@public_write("ideas", honeypot=fake_idea)
def submit_idea(request, payload: IdeaIn):
    data = payload.model_dump(exclude={"consents", "website"})
    data["guardian_email"] = data["guardian_email"] or ""
    try:
        submission = services.submit_idea(
            services.IdeaData(**data, terms_accepted=payload.consents.terms),
            language=translation.get_language(),
        )
    except services.InvalidField as error:
        error.loc = ("body", "payload", *error.loc)
        raise
    return Status(
        201,
        {
            "reference": submission.reference,
            "status": "submitted",
            "guardian_confirmation_required": bool(submission.guardian_email),
        },
    )


@router.post(
    "ideas/guardian-confirm", response=GuardianConfirmOut, summary="A guardian confirms a submission"
)
@no_store
@public_write("ideas-guardian")
def guardian_confirm(request, payload: GuardianConfirmIn):
    services.confirm_guardian(payload.token)
    return {"status": "submitted"}
