"""The public API contract of the directory: shapes, filters, 422s, 404s, caching, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import WAGTAIL_RENDITION_LEAK, days, make_logo, make_opportunity, make_organisation

pytestmark = pytest.mark.django_db

ORGANISATION_FIELDS = {
    "name", "slug", "krs", "description", "areas", "district", "address", "website", "email",
    "phone", "logo", "accepts_volunteers", "url",
}  # fmt: skip
OPPORTUNITY_FIELDS = {
    "id", "title", "organisation", "description", "skills", "areas", "district", "remote",
    "min_age", "commitment", "starts_on", "ends_on", "places", "url",
}  # fmt: skip


def slugs(response):
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["items"]}


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


@WAGTAIL_RENDITION_LEAK
def test_organisation_list_has_the_contract_fields_and_is_cacheable(api_get, district):
    make_organisation(
        "Fundacja Zielony Zaułek",
        slug="zielony-zaulek",
        krs="0000123456",
        district=district,
        areas=["ekologia"],
        logo=make_logo(),
        logo_alt="Logo fundacji",
        website="https://example.org",
    )
    response = api_get("organisations/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert set(item) >= ORGANISATION_FIELDS
    assert item["krs"] == "0000123456"
    assert item["areas"] == [{"slug": "ekologia", "name": "Ekologia i ochrona środowiska"}]
    assert item["district"] == {"slug": "pogon", "name": "Pogoń"}
    assert item["url"] == "http://testserver/wolontariat/organizacje/zielony-zaulek/"
    assert item["logo"]["alt"] == "Logo fundacji"
    assert item["logo"]["url"].startswith("http://testserver/")


def test_organisation_without_krs_gives_null(api_get):
    make_organisation("Szkoła Podstawowa nr 1", slug="sp1", krs="")
    assert api_get("organisations/sp1/").json()["krs"] is None


def test_draft_organisation_is_never_public(api_get):
    make_organisation(slug="szkic", live=False)
    assert api_get("organisations/").json()["count"] == 0
    response = api_get("organisations/szkic/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_organisation_filters(api_get, district, other_district):
    make_organisation(slug="a", areas=["ekologia"], district=district, accepts_volunteers=True)
    make_organisation(slug="b", areas=["seniorzy"], district=other_district, accepts_volunteers=False)
    make_organisation(
        slug="c", areas=["ekologia", "seniorzy"], district=other_district, accepts_volunteers=True
    )
    assert slugs(api_get("organisations/", area="ekologia")) == {"a", "c"}
    assert slugs(api_get("organisations/", district="zagorze")) == {"b", "c"}
    assert slugs(api_get("organisations/", accepts_volunteers="false")) == {"b"}
    assert slugs(api_get("organisations/", accepts_volunteers="true", area="seniorzy")) == {"c"}


def test_organisation_search(api_get):
    make_organisation(
        "Stowarzyszenie Przyjaciel z Klatki", slug="klatka", description="Opieka nad psami i kotami"
    )
    make_organisation("Fundacja Czytajmy Razem", slug="czytajmy", description="Kluby czytelnicze")
    assert slugs(api_get("organisations/", search="Klatki")) == {"klatka"}
    assert slugs(api_get("organisations/", search="czytelnicze")) == {"czytajmy"}


@pytest.mark.parametrize(
    ("path", "params", "loc", "message"),
    [
        ("organisations/", {"area": "kosmos"}, "area", "Nie ma obszaru działania „kosmos”."),
        ("organisations/", {"district": "atlantyda"}, "district", "Nie ma dzielnicy „atlantyda”."),
        ("opportunities/", {"skill": "latanie"}, "skill", "Nie ma umiejętności „latanie”."),
        ("opportunities/", {"area": "kosmos"}, "area", "Nie ma obszaru działania „kosmos”."),
        ("opportunities/", {"district": "atlantyda"}, "district", "Nie ma dzielnicy „atlantyda”."),
        ("opportunities/", {"organisation": "nie-ma"}, "organisation", "Nie ma organizacji „nie-ma”."),
    ],
)
def test_unknown_filter_values_give_422_with_a_polish_message(api_get, path, params, loc, message):
    response = api_get(path, **params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == message
    assert body["errors"][0]["loc"] == ["query", loc]


@pytest.mark.parametrize("params", [{"age": "abc"}, {"remote": "może"}, {"limit": "101"}, {"offset": "-1"}])
def test_malformed_filters_give_422(api_get, params):
    response = api_get("opportunities/", **params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_draft_organisation_cannot_be_used_as_a_filter(api_get):
    make_organisation(slug="szkic", live=False)
    assert api_get("opportunities/", organisation="szkic").status_code == 422


def test_opportunity_contract(api_get, district):
    organisation = make_organisation("Fundacja Zielony Zaułek", slug="zielony")
    opportunity = make_opportunity(
        organisation,
        "Sadzenie drzew",
        skills=["ogrodnictwo"],
        areas=["ekologia"],
        district=district,
        min_age=13,
        commitment="jednorazowo",
        starts_on=days(5),
        ends_on=days(5),
        application_deadline=days(3),
        places=20,
        benefits=["zaswiadczenie", "ubezpieczenie-nnw"],
    )
    response = api_get("opportunities/")
    assert response["Cache-Control"] == "public, max-age=60"
    item = response.json()["items"][0]
    assert set(item) >= OPPORTUNITY_FIELDS
    assert item["organisation"] == {"name": "Fundacja Zielony Zaułek", "slug": "zielony"}
    assert item["skills"] == [{"slug": "ogrodnictwo", "name": "Ogrodnictwo"}]
    assert item["min_age"] == 13
    assert item["commitment"] == "jednorazowo"
    assert item["starts_on"] == days(5).isoformat()
    assert item["places"] == 20
    assert item["benefits"] == ["zaswiadczenie", "ubezpieczenie-nnw"]
    assert item["url"] == f"http://testserver/wolontariat/oferty/{opportunity.pk}/"
    assert item["apply_url"] == f"http://testserver/wolontariat/dolacz/?oferta={opportunity.pk}"
    detail = api_get(f"opportunities/{opportunity.pk}/")
    assert detail.status_code == 200
    assert detail.json() == item


def test_drafts_and_expired_opportunities_never_appear(api_get):
    live = make_opportunity(title="Otwarta")
    draft = make_opportunity(title="Szkic", live=False)
    ended = make_opportunity(title="Zakończona", ends_on=days(-1))
    late = make_opportunity(title="Po terminie", application_deadline=days(-1))
    of_draft_org = make_opportunity(make_organisation(live=False), "Organizacja w szkicu")
    assert titles(api_get("opportunities/")) == {"Otwarta"}
    assert api_get(f"opportunities/{live.pk}/").status_code == 200
    for hidden in (draft, ended, late, of_draft_org):
        assert api_get(f"opportunities/{hidden.pk}/").status_code == 404


def test_opportunity_filters(api_get, district, other_district):
    ngo = make_organisation(slug="ngo")
    other = make_organisation(slug="inna")
    make_opportunity(
        ngo, "A", skills=["grafika"], areas=["ekologia"], district=district, remote=True, min_age=13
    )
    make_opportunity(ngo, "B", skills=["sport"], areas=["seniorzy"], district=other_district, min_age=18)
    make_opportunity(other, "C", skills=["grafika", "sport"], areas=["ekologia"], district=other_district)
    assert titles(api_get("opportunities/", skill="grafika")) == {"A", "C"}
    assert titles(api_get("opportunities/", area="seniorzy")) == {"B"}
    assert titles(api_get("opportunities/", district="zagorze")) == {"B", "C"}
    assert titles(api_get("opportunities/", remote="true")) == {"A"}
    assert titles(api_get("opportunities/", remote="false")) == {"B", "C"}
    assert titles(api_get("opportunities/", age=12)) == {"C"}
    assert titles(api_get("opportunities/", age=13)) == {"A", "C"}
    assert titles(api_get("opportunities/", age=18)) == {"A", "B", "C"}
    assert titles(api_get("opportunities/", organisation="inna")) == {"C"}
    assert titles(api_get("opportunities/", skill="sport", age=16)) == {"C"}


def test_opportunity_search(api_get):
    make_opportunity(title="Spacery z psami", description="Wyprowadzanie psów ze schroniska")
    make_opportunity(title="Korepetycje", description="Matematyka dla uczniów")
    assert titles(api_get("opportunities/", search="Spacery")) == {"Spacery z psami"}
    assert titles(api_get("opportunities/", search="Matematyka")) == {"Korepetycje"}


def test_pagination_envelope(api_get):
    organisation = make_organisation()
    for number in range(25):
        make_opportunity(organisation, f"Oferta {number:02d}")
    body = api_get("opportunities/").json()
    assert body["count"] == 25 and len(body["items"]) == 20
    body = api_get("opportunities/", limit=10, offset=20).json()
    assert body["count"] == 25 and len(body["items"]) == 5


def test_vocabularies(api_get):
    skills = api_get("skills/")
    assert skills["Cache-Control"] == "public, max-age=60"
    assert {"slug": "grafika", "name": "Grafika i projektowanie"} in skills.json()
    assert {"slug": "ekologia", "name": "Ekologia i ochrona środowiska"} in api_get("areas/").json()


def _count_queries(client, path):
    client.get(path)  # warm up: renditions, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _populate(n, district):
    for number in range(n):
        organisation = make_organisation(
            areas=["ekologia", "seniorzy"],
            district=district,
            logo=make_logo(f"Logo {number}") if number % 2 else None,
            logo_alt="Logo",
        )
        make_opportunity(organisation, skills=["grafika", "sport"], areas=["ekologia"], district=district)


@WAGTAIL_RENDITION_LEAK
@pytest.mark.parametrize("path", ["organisations/?limit=100", "opportunities/?limit=100"])
def test_list_query_count_is_constant(client, district, path):
    _populate(5, district)
    five = _count_queries(client, f"/api/v3/{path}")
    _populate(45, district)
    fifty = _count_queries(client, f"/api/v3/{path}")
    assert len(client.get(f"/api/v3/{path}").json()["items"]) == 50
    assert five == fifty


@pytest.mark.parametrize("query", ['"', "*", "(", "a OR", "NEAR(", "'", "ł\\", "😀", " ", "a:b", "%", "^"])
def test_search_syntax_characters_never_break_the_api(api_get, query):
    make_opportunity(title="Spacery", organisation=make_organisation("Fundacja"))
    assert api_get("opportunities/", search=query).status_code == 200
    assert api_get("organisations/", search=query).status_code == 200


def test_openapi_documents_every_filter(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for path in ("organisations/", "organisations/{slug}/", "opportunities/", "skills/", "areas/"):
        assert f"/api/v3/{path}" in paths
    assert "/api/v3/opportunities/{opportunity_id}/" in paths

    def parameters(path):
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert parameters("/api/v3/organisations/") == {
        "area",
        "district",
        "accepts_volunteers",
        "search",
        "limit",
        "offset",
    }
    assert parameters("/api/v3/opportunities/") == {
        "skill", "area", "district", "remote", "age", "organisation", "search", "limit", "offset",
    }  # fmt: skip
