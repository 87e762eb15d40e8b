import datetime
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.services import record_material_download
from tests.factories import make_campaign, make_image

pytestmark = pytest.mark.django_db


def test_campaign_list_shape_and_filters(api_get, campaign_index, topic):
    ended = timezone.localdate() - datetime.timedelta(days=1)
    first = make_campaign(
        campaign_index, "Bezpieczny internet", audiences=["klasy-4-8", "rodzice"], topics=[topic],
        materials=[("Plakat", b"%PDF-1.4 a", "a.pdf"), ("Ulotka", b"%PDF-1.4 b", "b.pdf")],
    )  # fmt: skip
    make_campaign(campaign_index, "Ekologia w mieście", audiences=["dorosli"], ends_on=ended)

    response = api_get("campaigns/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == first.pk)
    assert item["url"] == "http://testserver/kampanie/bezpieczny-internet/"
    assert item["slug"] == "bezpieczny-internet"
    assert item["audiences"] == [
        {"slug": "klasy-4-8", "name": "klasy 4–8"},
        {"slug": "rodzice", "name": "rodzice"},
    ]
    assert item["topics"] == [{"slug": "bezpieczenstwo", "name": "Bezpieczeństwo"}]
    assert item["materials_count"] == 2
    assert item["image"] is None

    def titles(**params):
        return sorted(i["title"] for i in api_get("campaigns/", **params).json()["items"])

    assert titles(audience="rodzice") == ["Bezpieczny internet"]
    assert titles(topic="bezpieczenstwo") == ["Bezpieczny internet"]
    assert titles(active="true") == ["Bezpieczny internet"]
    assert titles(active="false") == ["Ekologia w mieście"]
    assert titles(search="ekolog") == ["Ekologia w mieście"]
    assert api_get("campaigns/", limit=1).json()["count"] == 2
    assert len(api_get("campaigns/", limit=1, offset=1).json()["items"]) == 1


@pytest.mark.parametrize(
    "params", [{"audience": "kosmici"}, {"topic": "nie-ma"}, {"active": "moze"}, {"limit": 500}]
)
def test_unknown_filter_values_give_422(api_get, campaign_index, params):
    response = api_get("campaigns/", **params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_materials_list(api_get, client, campaign_index):
    campaign = make_campaign(
        campaign_index,
        materials=[("Plakat", b"%PDF-1.4 plakat", "plakat.pdf"), ("Film", b"x" * 10, "film.mp4")],
    )
    poster = campaign.materials.get(title="Plakat")
    record_material_download(poster.pk)
    record_material_download(poster.pk)
    body = api_get(f"campaigns/{campaign.pk}/materials/").json()
    assert body["count"] == 2
    assert body["pack_url"] == "http://testserver/kampanie/bezpieczny-internet/materialy.zip"
    first = body["items"][0]
    assert first == {
        "id": poster.pk,
        "title": "Plakat",
        "kind": "plakat",
        "audience": [{"slug": "klasy-4-8", "name": "klasy 4–8"}],
        "language": "pl",
        "description": "",
        "licence": "CC BY-SA 4.0",
        "format": "PDF",
        "size_bytes": len(b"%PDF-1.4 plakat"),
        "download_url": f"http://testserver/kampanie/bezpieczny-internet/materialy/{poster.pk}/",
        "downloads": 2,
    }
    assert body["items"][1]["format"] == "MP4"
    response = client.get(first["download_url"])
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert api_get(f"campaigns/{campaign.pk}/materials/").json()["items"][0]["downloads"] == 3


def test_materials_of_unknown_or_draft_campaign_is_404(api_get, campaign_index):
    campaign = make_campaign(campaign_index)
    campaign.unpublish()
    assert api_get(f"campaigns/{campaign.pk}/materials/").status_code == 404
    assert api_get("campaigns/999999/materials/").status_code == 404


def count_queries(api_get, path):
    api_get(path, limit=100)  # warm renditions and site caches
    with CaptureQueriesContext(connection) as queries:
        response = api_get(path, limit=100)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


# Wagtail's rendition generator leaves a SpooledTemporaryFile to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_list_query_counts_are_constant(api_get, campaign_index, topic):
    image = make_image()
    materials = [("Plakat", b"%PDF-1.4 p", "p.pdf"), ("Ulotka", b"%PDF-1.4 u", "u.pdf")]
    campaigns = [
        make_campaign(campaign_index, f"Kampania {i}", image=image, topics=[topic], materials=materials)
        for i in range(5)
    ]
    few, count = count_queries(api_get, "campaigns/")
    assert count == 5
    materials_few, _ = count_queries(api_get, f"campaigns/{campaigns[0].pk}/materials/")
    for i in range(5, 50):
        campaigns.append(make_campaign(campaign_index, f"Kampania {i}", image=image, topics=[topic]))
    many, count = count_queries(api_get, "campaigns/")
    assert count == 50
    assert many == few

    big = make_campaign(
        campaign_index, "Duża", materials=[(f"M{i}", b"%PDF m" + bytes([i]), f"m{i}.pdf") for i in range(50)]
    )
    materials_many, count = count_queries(api_get, f"campaigns/{big.pk}/materials/")
    assert count == 50
    assert materials_many == materials_few
    gc.collect()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_card_image(api_get, campaign_index):
    make_campaign(campaign_index, image=make_image())
    image = api_get("campaigns/").json()["items"][0]["image"]
    assert image["url"].startswith("http://testserver/media/images/")
    assert (image["width"], image["height"]) == (80, 50)
    assert image["alt"] == "Ilustracja kampanii Bezpieczny internet"
    gc.collect()


def test_openapi_lists_the_campaign_routes(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert {
        "/api/v3/campaigns/",
        "/api/v3/campaigns/{campaign_id}/materials/",
        "/api/v3/school-requests/",
    } <= set(paths)
    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]["CampaignCard"]
    assert "email" not in str(schema)
