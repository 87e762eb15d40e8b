import json
import os
from pathlib import Path

import pytest

from home.models import CentreSettings

pytestmark = pytest.mark.django_db
SNAPSHOT = Path(__file__).resolve().parent.parent / "snapshots" / "openapi.json"


def test_settings_endpoint_returns_centre_contact_data(api_get, home_page):
    settings = CentreSettings.for_site(home_page.get_site())
    settings.phone = "+48 32 111 22 33"
    settings.opening_hours = "pon.–pt. 10–18"
    settings.social_links = [("link", {"name": "Facebook", "url": "https://facebook.com/cas"})]
    settings.save()
    response = api_get("settings/")
    assert response.status_code == 200
    data = response.json()
    assert data["address"] == "Plac Kościuszki 5, 41-200 Sosnowiec"
    assert data["phone"] == "+48 32 111 22 33"
    assert data["social"] == [{"name": "Facebook", "url": "https://facebook.com/cas"}]
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_districts_vocabulary_is_seeded(api_get):
    response = api_get("districts/")
    slugs = [d["slug"] for d in response.json()]
    assert "zagorze" in slugs
    assert {"slug": "srodmiescie", "name": "Śródmieście"} in response.json()
    assert len(slugs) == 20


def test_not_found_is_problem_json_in_polish_by_default(client):
    response = client.get("/api/v3/pages/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Nie znaleziono."


def test_problem_detail_follows_accept_language(client):
    response = client.get("/api/v3/pages/999999/", HTTP_ACCEPT_LANGUAGE="uk")
    assert response.json()["detail"] == "Не знайдено."
    response = client.get("/api/v3/pages/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Not found."


def test_validation_errors_have_polish_messages_with_locations(client):
    response = client.get("/api/v3/pages/", {"limit": "dużo"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Sprawdź poprawność danych."
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert body["errors"][0]["msg"] == "Podaj liczbę całkowitą."


def test_limit_above_maximum_is_refused(client):
    response = client.get("/api/v3/pages/", {"limit": 101})
    assert response.status_code == 400
    assert response.json()["detail"] == "Parametr limit może wynosić najwyżej 100."


def test_openapi_schema_matches_snapshot(client):
    """The public contract: any change to it shows up here as a reviewed diff.

    Regenerate deliberately with ``UPDATE_SNAPSHOTS=1 make test``.
    """
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    rendered = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert SNAPSHOT.exists(), "no OpenAPI snapshot: run UPDATE_SNAPSHOTS=1 make test and review it"
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


def test_image_library_needs_a_token(client):
    response = client.get("/api/v3/images/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Wymagane uwierzytelnienie."
    schema = client.get("/api/v3/openapi.json").json()
    assert {} not in schema["paths"]["/api/v3/images/"]["get"]["security"]


def test_image_library_still_works_with_a_token(client, django_user_model):
    from wagtail.models import APIToken

    user = django_user_model.objects.create_superuser("api", "api@example.org", "haslo-testowe-123")
    _token, raw = APIToken.create_token(user=user, name="frontend")
    response = client.get("/api/v3/images/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_unknown_api_path_answers_problem_json(client):
    response = client.get("/api/v3/nie-ma-takiego-zasobu/1/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_nul_characters_are_refused_not_crashing(client):
    response = client.get("/api/v3/pages/", {"search": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "search"]
    response = client.post("/api/v3/pages/", data='{"title": "a\\u0000"}', content_type="application/json")
    assert response.status_code == 422


def test_offset_past_the_limit_is_refused(client):
    response = client.get("/api/v3/pages/", {"offset": "969651412122605833232056320"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "offset"]
    assert client.get("/api/v3/pages/", {"offset": 5}).status_code == 200


def test_api_schema_names_are_unique_across_apps():
    """OpenAPI components are keyed by class name: two schemas with one name silently
    document one operation with the other's rules."""
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [
        c
        for c in subclasses(Schema)
        if c.__module__.split(".")[0] in {"home", "campaigns", "initiatives", "volunteers", "cas_site"}
    ]
    names = [c.__name__ for c in ours]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert duplicates == [], [(c.__module__, c.__name__) for c in ours if c.__name__ in duplicates]
