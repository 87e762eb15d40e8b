"""The /wolontariat/ pages people see: only live, open content; filters; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import WAGTAIL_RENDITION_LEAK, days, make_logo, make_opportunity, make_organisation

pytestmark = pytest.mark.django_db


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_landing_explains_and_counts(client, home_page):
    organisation = make_organisation()
    make_opportunity(organisation, "Otwarta oferta")
    make_opportunity(organisation, "Stara oferta", ends_on=days(-2))
    make_organisation(live=False)
    html = page(client, "/wolontariat/")
    assert "Jak to działa dla wolontariuszy" in html
    assert "Jak to działa dla organizacji" in html
    assert '<span class="number">1</span> organizacja' in html
    assert '<span class="number">1</span> otwarta oferta' in html
    assert '<span class="number">0</span> zarejestrowanych wolontariuszy' in html
    assert "Otwarta oferta" in html and "Stara oferta" not in html


def test_landing_in_english_and_ukrainian(client, home_page):
    make_organisation()
    make_organisation()
    html = page(client, "/en/wolontariat/")
    assert '<html lang="en">' in html
    assert "How it works for volunteers" in html
    assert '<span class="number">2</span> organisations' in html
    html = page(client, "/uk/wolontariat/")
    assert "Як це працює для волонтерів" in html
    assert '<span class="number">2</span> організації' in html


def test_polish_plural_forms(client, home_page):
    make_organisation()
    make_organisation()
    html = page(client, "/wolontariat/")
    assert '<span class="number">2</span> organizacje' in html
    assert '<span class="number">0</span> otwartych ofert' in html


def test_organisation_directory_shows_only_live_organisations(client, home_page):
    make_organisation("Fundacja Widoczna")
    make_organisation("Fundacja Szkicowa", live=False)
    html = page(client, "/wolontariat/organizacje/")
    assert "Fundacja Widoczna" in html and "Fundacja Szkicowa" not in html


def test_organisation_directory_filters_and_search(client, home_page, district, other_district):
    make_organisation("Fundacja Zielona", areas=["ekologia"], district=district, description="Sadzimy drzewa")
    make_organisation("Klub Seniora", areas=["seniorzy"], district=other_district, accepts_volunteers=False)
    html = page(client, "/wolontariat/organizacje/", obszar="ekologia")
    assert "Fundacja Zielona" in html and "Klub Seniora" not in html
    html = page(client, "/wolontariat/organizacje/", dzielnica="zagorze")
    assert "Klub Seniora" in html and "Fundacja Zielona" not in html
    html = page(client, "/wolontariat/organizacje/", przyjmuje="nie")
    assert "Klub Seniora" in html and "Fundacja Zielona" not in html
    html = page(client, "/wolontariat/organizacje/", q="drzewa")
    assert "Fundacja Zielona" in html and "Klub Seniora" not in html


def test_unknown_filter_value_shows_an_error_not_everything(client, home_page):
    make_organisation("Fundacja Zielona")
    html = page(client, "/wolontariat/organizacje/", obszar="kosmos")
    assert "Fundacja Zielona" not in html
    assert "error-summary" in html


def test_directory_paginates(client, home_page):
    for number in range(25):
        make_organisation(f"Organizacja {number:02d}")
    first = page(client, "/wolontariat/organizacje/")
    assert "Organizacja 19" in first and "Organizacja 20" not in first
    assert "Strona 1 z 2" in first
    second = page(client, "/wolontariat/organizacje/", strona=2)
    assert "Organizacja 24" in second


def test_organisation_page_lists_only_its_open_opportunities(client, home_page):
    organisation = make_organisation("Fundacja Zielona", slug="zielona", krs="0000123456")
    make_opportunity(organisation, "Sadzenie drzew")
    make_opportunity(organisation, "Zimowe sprzątanie", ends_on=days(-1))
    make_opportunity(organisation, "Szkic oferty", live=False)
    make_opportunity(make_organisation(), "Cudza oferta")
    html = page(client, "/wolontariat/organizacje/zielona/")
    assert "Fundacja Zielona" in html and "0000123456" in html
    assert "Sadzenie drzew" in html
    for hidden in ("Zimowe sprzątanie", "Szkic oferty", "Cudza oferta"):
        assert hidden not in html


def test_draft_organisation_page_is_404(client, home_page):
    make_organisation(slug="szkic", live=False)
    assert client.get("/wolontariat/organizacje/szkic/").status_code == 404


def test_partner_text_is_escaped(client, home_page):
    make_organisation(slug="xss", description='<script>alert("x")</script>\n\nDrugi akapit')
    html = page(client, "/wolontariat/organizacje/xss/")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<p>Drugi akapit</p>" in html


def test_opportunity_list_filters(client, home_page, district, other_district):
    make_opportunity(title="Grafika zdalnie", skills=["grafika"], areas=["ekologia"], remote=True, min_age=13)
    make_opportunity(
        title="Sport na Zagórzu", skills=["sport"], areas=["seniorzy"], district=other_district, min_age=18
    )
    make_opportunity(title="Sadzenie na Pogoni", skills=["ogrodnictwo"], district=district)
    cases = [
        ({"umiejetnosc": "grafika"}, {"Grafika zdalnie"}),
        ({"obszar": "seniorzy"}, {"Sport na Zagórzu"}),
        ({"dzielnica": "pogon"}, {"Sadzenie na Pogoni"}),
        ({"zdalnie": "tak"}, {"Grafika zdalnie"}),
        ({"wiek": "12"}, {"Sadzenie na Pogoni"}),
        ({"wiek": "15"}, {"Grafika zdalnie", "Sadzenie na Pogoni"}),
        ({"q": "Zagórzu"}, {"Sport na Zagórzu"}),
    ]
    everything = {"Grafika zdalnie", "Sport na Zagórzu", "Sadzenie na Pogoni"}
    for params, expected in cases:
        html = page(client, "/wolontariat/oferty/", **params)
        shown = {title for title in everything if title in html}
        assert shown == expected, params


def test_invalid_age_is_reported(client, home_page):
    make_opportunity(title="Oferta")
    html = page(client, "/wolontariat/oferty/", wiek="sto")
    assert "error-summary" in html and 'aria-invalid="true"' in html


def test_opportunity_page_has_apply_call_to_action(client, home_page):
    opportunity = make_opportunity(title="Spacery z psami", benefits=["zaswiadczenie", "ubezpieczenie-nnw"])
    html = page(client, f"/wolontariat/oferty/{opportunity.pk}/")
    assert "Spacery z psami" in html
    assert f'href="/wolontariat/dolacz/?oferta={opportunity.pk}"' in html
    assert "Aplikuj" in html
    assert "ubezpieczenie NNW" in html


@pytest.mark.parametrize(
    "hidden",
    [{"live": False}, {"ends_on": "past"}, {"application_deadline": "past"}],
)
def test_closed_opportunity_page_is_404_and_not_listed(client, home_page, hidden):
    fields = {key: days(-1) if value == "past" else value for key, value in hidden.items()}
    opportunity = make_opportunity(title="Ukryta oferta", **fields)
    assert client.get(f"/wolontariat/oferty/{opportunity.pk}/").status_code == 404
    assert "Ukryta oferta" not in page(client, "/wolontariat/oferty/")


def _populate(n, district):
    for number in range(n):
        organisation = make_organisation(
            areas=["ekologia", "seniorzy"],
            district=district,
            logo=make_logo(f"Logo {number}") if number % 2 else None,
            logo_alt="Logo",
        )
        make_opportunity(organisation, skills=["grafika", "sport"], areas=["ekologia"], district=district)


def _count_queries(client, path):
    client.get(path)  # warm up renditions and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@WAGTAIL_RENDITION_LEAK
@pytest.mark.parametrize("path", ["/wolontariat/organizacje/", "/wolontariat/oferty/", "/wolontariat/"])
def test_listing_query_count_is_constant(client, home_page, district, path, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 0  # the cost of rendering, not of a cache hit
    _populate(5, district)
    five = _count_queries(client, path)
    _populate(45, district)
    fifty = _count_queries(client, path)
    assert five == fifty


@pytest.mark.parametrize("query", ['"', "*", "(", "a OR", "'", "a:b"])
def test_search_syntax_characters_never_break_the_listings(client, home_page, query):
    make_opportunity(title="Spacery", organisation=make_organisation("Fundacja"))
    assert client.get("/wolontariat/oferty/", {"q": query}).status_code == 200
    assert client.get("/wolontariat/organizacje/", {"q": query}).status_code == 200


def test_apply_link_keeps_the_language(client, home_page):
    opportunity = make_opportunity(title="Spacery")
    html = page(client, f"/uk/wolontariat/oferty/{opportunity.pk}/")
    assert f'href="/uk/wolontariat/dolacz/?oferta={opportunity.pk}"' in html


def test_unpublished_changes_stay_private_until_published(client, home_page, editor_user):
    organisation = make_organisation("Fundacja Przed Zmianą", slug="zmiana")
    organisation.save_revision().publish()
    client.force_login(editor_user)
    response = client.post(
        f"/admin/snippets/volunteers/organisation/edit/{organisation.pk}/",
        {"name": "Fundacja Po Zmianie", "slug": "zmiana", "krs": "", "logo": "", "logo_alt": "", "areas": []},
    )
    assert response.status_code == 302
    client.logout()
    html = page(client, "/wolontariat/organizacje/zmiana/")
    assert "Fundacja Przed Zmianą" in html and "Fundacja Po Zmianie" not in html
