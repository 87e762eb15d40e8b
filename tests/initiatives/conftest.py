"""Small factories for the initiatives tests: the index page, stories, photos, idea payloads."""

import pytest
from django.utils import timezone

from home.models import District
from home.seed_utils import demo_image
from initiatives.choices import PeopleShown
from initiatives.models import InitiativeIndexPage, SuccessStoryImage, SuccessStoryPage, Topic

#: Wagtail leaves the SpooledTemporaryFile of each newly generated rendition unclosed
#: (wagtail/images/models.py, generate_rendition_file); that ResourceWarning is Wagtail's, not ours.
WAGTAIL_RENDITION_LEAK = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture
def index_page(home_page):
    index = InitiativeIndexPage(title="Inicjatywy", slug="inicjatywy", intro="Historie grup")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def photo(title="Zdjęcie", *, people=PeopleShown.NONE, people_consent=False, guardian_consent=False):
    return SuccessStoryImage(
        image=demo_image(title, size=(120, 80)),
        alt_text=f"Opis: {title}",
        people_shown=people,
        people_consent=people_consent,
        guardian_consent=guardian_consent,
    )


def make_story(index, number, *, year=2025, district="zagorze", topics=(), photos=None, title=None):
    page = SuccessStoryPage(
        title=title or f"Historia {number}",
        slug=f"historia-{number}",
        intro=f"Podsumowanie historii {number}",
        group_name=f"Grupa {number}",
        members_count=6,
        age_min=14,
        age_max=17,
        year=year,
        district=District.objects.get(slug=district) if district else None,
        problem="Na osiedlu brakowało miejsca do spotkań.",
        impact=[("figure", {"number": "120", "label": "mieszkańców wzięło udział"})],
        support_given=["sala", "mentoring"],
        gallery_images=photos if photos is not None else [photo(f"Zdjęcie {number}")],
    )
    index.add_child(instance=page)
    page.topics.set(Topic.objects.filter(slug__in=topics))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def story_factory(index_page):
    def factory(number, **kwargs):
        return make_story(index_page, number, **kwargs)

    return factory


def idea_payload(**overrides):
    year = timezone.localdate().year
    data = {
        "group_name": "Zielone Podwórko",
        "leader_name": "Anna Testowa",
        "email": "anna@example.org",
        "birth_year": year - 19,
        "members_count": 5,
        "title": "Ogród na podwórku",
        "description": "Chcemy zamienić zaniedbane podwórko w ogród sąsiedzki z ławkami.",
        "needs": ["materialy", "mentoring"],
        "district": "zagorze",
        "consents": {"terms": True},
    }
    data.update(overrides)
    return data
