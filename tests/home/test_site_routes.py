import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_search_finds_pages_and_paginates(client, home_page):
    for number in range(12):
        home_page.add_child(
            instance=StandardPage(
                title=f"Wolontariat w szkole {number}", slug=f"w-{number}", intro="Pomagamy"
            )
        )
    response = client.get("/szukaj/", {"q": "wolontariat"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Znaleziono 12 wyników." in html
    assert "Strona 1 z 2" in html
    second = client.get("/szukaj/", {"q": "wolontariat", "strona": 2}).content.decode()
    assert second.count("<h2><a href=") == 2


def test_search_without_results_explains_what_to_do(client, home_page):
    html = client.get("/szukaj/", {"q": "zzzyyyxxx"}).content.decode()
    assert "Znaleziono 0 wyników." in html
    assert "Nic nie znaleźliśmy" in html


def test_search_survives_garbage_page_number_and_long_query(client, home_page):
    response = client.get("/szukaj/", {"q": "a" * 5000, "strona": "abc"})
    assert response.status_code == 200


def test_sitemap_lists_live_pages_only(client, home_page):
    home_page.add_child(instance=StandardPage(title="O nas", slug="o-nas"))
    draft = StandardPage(title="Szkic", slug="szkic", live=False)
    home_page.add_child(instance=draft)
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/o-nas/" in body
    assert "szkic" not in body


def test_robots_txt_points_to_sitemap_and_hides_private_areas(client, home_page):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
    assert "Disallow: /wolontariat/moje-dane/" in body


def test_search_survives_full_text_syntax_characters(client, home_page):
    for query in ['"', 'wolontariat"', "AND OR", "*", "(", "NEAR(", "'; DROP TABLE"]:
        response = client.get("/szukaj/", {"q": query})
        assert response.status_code == 200, query


def meta_description(html):
    import re

    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_every_route_has_a_meta_description(client, home_page):
    """Search engines and Lighthouse's SEO audit need one, also on routes that are not pages."""
    assert meta_description(client.get("/szukaj/").content.decode()).startswith(
        "Centrum Aktywności Społecznej w Sosnowcu: warsztaty"
    )
    assert meta_description(client.get("/en/szukaj/").content.decode()).startswith(
        "The Social Activity Centre in Sosnowiec"
    )
    assert meta_description(client.get("/wolontariat/dolacz/").content.decode()).startswith(
        "Zapisz się do bazy wolontariuszy CAS"
    )
    assert meta_description(client.get("/").content.decode()) == "Wstęp strony głównej"
