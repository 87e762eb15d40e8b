import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.choices import PeopleShown
from initiatives.models import SuccessStoryImage
from tests.factories import WAGTAIL_RENDITION_LEAK, photo

pytestmark = [pytest.mark.django_db, WAGTAIL_RENDITION_LEAK]


def test_story_cards_follow_the_contract(api_get, story_factory):
    story = story_factory(1, year=2025, district="zagorze", topics=["ekologia"])
    response = api_get("stories/")
    assert response.status_code == 200
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 1
    card = body["items"][0]
    assert {"id", "title", "url", "group_name", "year", "district", "summary", "image", "impact"} <= set(card)
    assert card["id"] == story.pk
    assert card["url"] == "http://testserver/inicjatywy/historia-1/"
    assert card["group_name"] == "Grupa 1"
    assert card["year"] == 2025
    assert card["district"] == {"slug": "zagorze", "name": "Zagórze"}
    assert card["summary"] == "Podsumowanie historii 1"
    assert card["impact"] == [{"number": "120", "label": "mieszkańców wzięło udział"}]
    assert card["image"]["alt"] == "Opis: Zdjęcie 1"
    assert card["image"]["url"].startswith("http://testserver/") and card["image"]["url"].endswith(".webp")
    assert card["topics"] == [{"slug": "ekologia", "name": "Ekologia i klimat"}]
    for personal in ("email", "leader_name", "birth_year", "submission"):
        assert personal not in card


def test_filters_and_unknown_values(api_get, story_factory):
    story_factory(1, year=2024, district="zagorze", topics=["sport"])
    story_factory(2, year=2025, district="pogon", topics=["kultura"])
    assert [i["title"] for i in api_get("stories/", year=2024).json()["items"]] == ["Historia 1"]
    assert [i["title"] for i in api_get("stories/", district="pogon").json()["items"]] == ["Historia 2"]
    assert [i["title"] for i in api_get("stories/", topic="sport").json()["items"]] == ["Historia 1"]
    assert api_get("stories/", topic="ekologia").json()["count"] == 0

    for params in ({"district": "atlantyda"}, {"topic": "kosmos"}, {"year": "dawno"}, {"limit": 101}):
        response = api_get("stories/", **params)
        assert response.status_code == 422, params
        assert response["Content-Type"].startswith("application/problem+json")
    assert api_get("stories/", district="atlantyda").json()["errors"][0]["loc"] == ["query", "district"]


def test_drafts_are_not_listed(api_get, story_factory):
    story = story_factory(1)
    story.unpublish()
    assert api_get("stories/").json()["count"] == 0


def test_photos_without_consent_are_never_exposed(api_get, story_factory):
    story = story_factory(1, photos=[])
    # Consent withdrawn after publication (edited in the database, not through the admin).
    SuccessStoryImage.objects.create(
        page=story,
        sort_order=0,
        image=photo("Bez zgody").image,
        alt_text="Dzieci przy mu",
        people_shown=PeopleShown.MINORS,
        people_consent=True,
        guardian_consent=False,
    )
    assert api_get("stories/").json()["items"][0]["image"] is None
    detail = api_get(f"pages/{story.pk}/").json()
    assert detail["gallery"] == []
    assert "submission" not in detail

    for image in SuccessStoryImage.objects.all():  # as the editor does, one form save each
        image.guardian_consent = True
        image.save()
    assert api_get("stories/").json()["items"][0]["image"]["alt"] == "Dzieci przy mu"
    assert len(api_get(f"pages/{story.pk}/").json()["gallery"]) == 1


def test_pagination_with_limit_and_offset(api_get, story_factory):
    for number in range(5):
        story_factory(number, year=2020 + number)
    body = api_get("stories/", limit=2, offset=1).json()
    assert body["count"] == 5
    assert [i["year"] for i in body["items"]] == [2023, 2022]


def count_queries(api_get, **params):
    api_get("stories/", **params)  # warm renditions and site caches
    with CaptureQueriesContext(connection) as queries:
        response = api_get("stories/", **params)
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


def test_list_runs_a_constant_number_of_queries(api_get, story_factory):
    for number in range(5):
        story_factory(number, topics=["ekologia", "sport"])
    small, items = count_queries(api_get, limit=100)
    assert items == 5
    for number in range(5, 50):
        story_factory(number, topics=["ekologia", "sport"])
    large, items = count_queries(api_get, limit=100)
    assert items == 50
    assert small == large
