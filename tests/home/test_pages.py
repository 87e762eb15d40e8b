import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_polish_by_default(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert "Strona główna CAS" in html
    assert "Przejdź do treści" in html


def test_standard_page_renders_under_english_prefix(client, home_page):
    home_page.add_child(instance=StandardPage(title="O nas", slug="o-nas", intro="Kim jesteśmy"))
    response = client.get("/en/o-nas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
