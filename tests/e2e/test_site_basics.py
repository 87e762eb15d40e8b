"""A newcomer arrives on the home page, finds their way, searches and switches language;
the listing and the detail page of every kind of content pass the page budget and axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.models import StandardPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def small_site(home_page):
    home_page.add_child(
        instance=StandardPage(
            title="O nas", slug="o-nas", show_in_menus=True, intro="Kim jesteśmy i co robimy dla młodzieży"
        )
    )
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt", show_in_menus=True))
    return home_page


def test_home_page_is_accessible_light_and_navigable(visit, small_site):
    visit.goto("/")
    page = visit.page
    assert page.locator("html").get_attribute("lang") == "pl"
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="O nas").click()
    page.wait_for_url("**/o-nas/")
    visit.scan()
    assert page.get_by_role("heading", level=1).inner_text() == "O nas"


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
    visit.scan()
    assert page.locator("#main").get_by_role("link", name="O nas").is_visible()


def test_ukrainian_visitor_switches_language_and_stays_on_the_page(visit, small_site):
    visit.goto("/o-nas/")
    page = visit.page
    page.get_by_role("navigation", name="Wybór języka").get_by_role("link", name="Українська").click()
    page.wait_for_url("**/uk/o-nas/")
    visit.scan()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.get_by_role("link", name="Перейти до змісту").count() == 1


def test_not_found_page_is_accessible(visit, small_site):
    response = visit.goto("/nie-ma-takiej-strony/")  # scanned like every page
    assert response.status == 404


def test_footer_leads_to_an_accessible_statement_in_both_languages(visit, small_site):
    visit.goto("/o-nas/")
    page = visit.page
    page.locator("footer").get_by_role("link", name="Deklaracja dostępności").click()
    page.wait_for_url("**/deklaracja-dostepnosci/")
    assert page.get_by_role("heading", level=1).inner_text() == "Deklaracja dostępności"
    visit.scan()
    page.get_by_role("navigation", name="Wybór języka").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/deklaracja-dostepnosci/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    visit.scan()


# --- Every kind of content: its listing, then the detail page reached from it -----------------


def campaign(home_page):
    from campaigns.models import CampaignIndexPage
    from tests.factories import make_campaign, make_image

    index = home_page.add_child(
        instance=CampaignIndexPage(title="Kampanie", slug="kampanie", intro="Dla szkół")
    )
    make_campaign(
        index,
        "Bezpieczny internet",
        slug="bezpieczny-internet",
        image=make_image("Plakat"),
        materials=[("Plakat", b"%PDF-1.4\n% plakat\n", "plakat.pdf")],
    )
    return "/kampanie/", "Bezpieczny internet"


def workshop(home_page):
    from campaigns.workshops.models import WorkshopIndexPage, WorkshopPage, WorkshopSession

    index = home_page.add_child(instance=WorkshopIndexPage(title="Warsztaty", slug="warsztaty"))
    page = index.add_child(
        instance=WorkshopPage(
            title="Podcast od zera",
            slug="podcast",
            intro="Nagraj pierwszy odcinek.",
            min_age=13,
            max_age=19,
            topic="aktywnosc-obywatelska",
            audiences=["ponadpodstawowa"],
        )
    )
    starts_at = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    WorkshopSession.objects.create(
        page=page, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=5
    )
    return "/warsztaty/", "Podcast od zera"


def success_story(home_page):
    from initiatives.models import InitiativeIndexPage
    from tests.factories import make_story

    index = home_page.add_child(
        instance=InitiativeIndexPage(title="Inicjatywy", slug="inicjatywy", intro="Historie grup")
    )
    make_story(index, 1, title="Ogród deszczowy na Zagórzu")
    return "/inicjatywy/", "Ogród deszczowy na Zagórzu"


def organisation(home_page):
    from tests.factories import make_logo, make_organisation

    make_organisation(
        "Fundacja Zielony Sosnowiec",
        areas=["ekologia"],
        logo=make_logo(),
        description="Sadzimy drzewa z mieszkańcami.",
    )
    return "/wolontariat/organizacje/", "Fundacja Zielony Sosnowiec"


def opportunity(home_page):
    from tests.factories import make_opportunity

    make_opportunity(title="Fotorelacja z festynu", skills=["fotografia"])
    return "/wolontariat/oferty/", "Fotorelacja z festynu"


def standard_page(home_page):
    home_page.add_child(
        instance=StandardPage(title="O nas", slug="o-nas", show_in_menus=True, intro="Kim jesteśmy")
    )
    return "/", "O nas"


def room(home_page):
    from tests.factories import make_equipment, make_house_rules, make_image, make_room

    make_room(
        "Sala warsztatowa",
        step_free=True,
        equipment="Tablica",
        photo=make_image("Sala"),
        photo_alt="Jasna sala z krzesłami w kręgu",
        description="Dla grup do 20 osób.",
    )
    make_equipment("rzutnik", "Rzutnik", quantity=2)
    make_house_rules()
    return "/sale/", "Sala warsztatowa"


def open_meeting(home_page):
    from initiatives.rooms import services
    from tests.factories import at, make_house_rules, make_room, next_weekday, room_request

    day = next_weekday(1, after_days=8)
    values = room_request(
        make_room(), make_house_rules(), at(day, 17), at(day, 19), public_title="Wieczór gier"
    )
    for booking in services.request_booking(**values).bookings:
        services.confirm_email(booking)
        services.approve(booking)
    return "/spotkania/", "Wieczór gier"


def search(home_page):
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt", intro="Jak do nas trafić"))
    return "/szukaj/?q=trafi%C4%87", "Kontakt"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Wagtail's rendition leak
@pytest.mark.parametrize(
    "make_content",
    [campaign, workshop, success_story, organisation, opportunity, room, open_meeting, standard_page, search],
    ids=lambda make: make.__name__,
)
def test_listing_and_detail_of_every_kind_of_content(visit, home_page, make_content):
    listing, title = make_content(home_page)
    visit.goto(listing)
    visit.page.get_by_role("link", name=title, exact=True).first.click()
    visit.scan()
    assert visit.page.get_by_role("heading", level=1).inner_text() == title
