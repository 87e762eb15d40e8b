"""Matching: order, reasons in words, ineligible offers never shown."""

import pytest

from tests.factories import days, make_opportunity, make_volunteer, self_service_token
from volunteers.people import services
from volunteers.people.matching import match_opportunities

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer():
    return make_volunteer(
        age=17, skills=["fotografia"], areas=["ekologia"], availability=["weekendy"], district="zagorze"
    )


def test_ranking_and_reasons(volunteer):
    best = make_opportunity(
        title="Fotorelacja z sadzenia",
        skills=["fotografia"],
        areas=["ekologia"],
        district=volunteer.district,
        hours="sobota 9–14",
        min_age=16,
    )
    photo_only = make_opportunity(title="Zdjęcia na stronę", skills=["fotografia"], remote=True)
    area_only = make_opportunity(title="Sprzątanie parku", areas=["ekologia"])
    make_opportunity(title="Korepetycje", skills=["korepetycje"])  # nothing in common
    too_old = make_opportunity(title="Kierowca", skills=["fotografia"], min_age=18)
    closed = make_opportunity(title="Stara", skills=["fotografia"], ends_on=days(-1))

    matches = match_opportunities(volunteer)
    assert [m.opportunity for m in matches] == [best, photo_only, area_only]
    top = matches[0]
    assert top.reasons == [
        "fotografia i wideo",
        "ekologia i ochrona środowiska",
        "weekendy",
        "Zagórze",
        "od 16 lat",
    ]
    assert (
        top.summary
        == "pasuje: fotografia i wideo, ekologia i ochrona środowiska, weekendy, Zagórze, od 16 lat"
    )
    assert top.score > matches[1].score > matches[2].score
    assert "zdalnie" in matches[1].reasons
    shown = {m.opportunity for m in matches}
    assert too_old not in shown and closed not in shown


def test_applied_offers_are_not_suggested_again(volunteer):
    opportunity = make_opportunity(skills=["fotografia"])
    assert match_opportunities(volunteer)
    services.apply_to_opportunity(volunteer, opportunity.pk)
    assert match_opportunities(volunteer) == []


def test_matches_endpoint(bearer, volunteer):
    opportunity = make_opportunity(title="Fotorelacja", skills=["fotografia"], min_age=16)
    response = bearer("get", "volunteers/me/matches", self_service_token(volunteer))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["opportunity"]["id"] == opportunity.pk
    assert item["score"] == 3
    assert item["reasons"] == ["fotografia i wideo", "od 16 lat"]
