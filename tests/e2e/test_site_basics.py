"""A newcomer arrives on the home page, finds their way, searches and switches language."""

import pytest

from home.models import StandardPage
from tests.e2e.conftest import assert_accessible, assert_light

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def small_site(home_page):
    home_page.add_child(instance=StandardPage(title="O nas", slug="o-nas", show_in_menus=True,
                                              intro="Kim jesteśmy i co robimy dla młodzieży"))
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt", show_in_menus=True))
    return home_page


def test_home_page_is_accessible_light_and_navigable(visit, small_site):
    visit.goto("/")
    page = visit.page
    assert page.locator("html").get_attribute("lang") == "pl"
    assert_accessible(page)
    assert_light(visit)
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="O nas").click()
    page.wait_for_url("**/o-nas/")
    assert page.get_by_role("heading", level=1).inner_text() == "O nas"
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_content(visit, small_site):
    visit.goto("/")
    page = visit.page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_search_finds_a_page(visit, small_site):
    visit.goto("/szukaj/")
    page = visit.page
    page.get_by_label("Czego szukasz?").fill("młodzieży")
    page.get_by_role("button", name="Szukaj").click()
    page.wait_for_url("**/szukaj/?q=*")
    assert page.locator("#main").get_by_role("link", name="O nas").is_visible()
    assert_accessible(page)


def test_ukrainian_visitor_switches_language_and_stays_on_the_page(visit, small_site):
    visit.goto("/o-nas/")
    page = visit.page
    page.get_by_role("navigation", name="Wybór języka").get_by_role("link", name="Українська").click()
    page.wait_for_url("**/uk/o-nas/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.get_by_role("link", name="Перейти до змісту").count() == 1
    assert_accessible(page)


def test_not_found_page_is_accessible(visit, small_site):
    response = visit.goto("/nie-ma-takiej-strony/")
    assert response.status == 404
    assert_accessible(visit.page)


def test_footer_leads_to_an_accessible_statement_in_both_languages(visit, small_site):
    visit.goto("/o-nas/")
    page = visit.page
    page.locator("footer").get_by_role("link", name="Deklaracja dostępności").click()
    page.wait_for_url("**/deklaracja-dostepnosci/")
    assert page.get_by_role("heading", level=1).inner_text() == "Deklaracja dostępności"
    assert_accessible(page)
    page.get_by_role("navigation", name="Wybór języka").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/deklaracja-dostepnosci/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    assert_accessible(page)
