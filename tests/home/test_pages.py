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


def test_unknown_address_gives_polish_404_page(client, home_page):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nie znaleziono strony" in html
    assert '<html lang="pl">' in html


def test_404_in_ukrainian_under_uk_prefix(client, home_page):
    response = client.get("/uk/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def test_page_has_open_graph_tags_and_skip_link_target(client, home_page):
    html = client.get("/").content.decode()
    assert '<meta property="og:title" content="Strona główna CAS">' in html
    assert '<meta property="og:description" content="Wstęp strony głównej">' in html
    assert 'id="main"' in html


def test_menu_lists_pages_marked_show_in_menus_only(client, home_page):
    home_page.add_child(instance=StandardPage(title="O nas", slug="o-nas", show_in_menus=True))
    home_page.add_child(instance=StandardPage(title="Ukryta", slug="ukryta", show_in_menus=False))
    html = client.get("/").content.decode()
    assert 'href="/o-nas/"' in html
    assert 'href="/ukryta/"' not in html


def test_language_switcher_keeps_the_current_page(client, home_page):
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt"))
    html = client.get("/kontakt/").content.decode()
    assert 'href="/en/kontakt/"' in html
    assert 'href="/uk/kontakt/"' in html


def test_footer_shows_centre_address_from_settings(client, home_page):
    html = client.get("/").content.decode()
    assert "Plac Kościuszki 5" in html
    assert "41-200 Sosnowiec" in html


def test_breadcrumbs_on_subpage(client, home_page):
    about = home_page.add_child(instance=StandardPage(title="O nas", slug="o-nas"))
    about.add_child(instance=StandardPage(title="Zespół", slug="zespol"))
    html = client.get("/o-nas/zespol/").content.decode()
    assert 'aria-label="Ścieżka nawigacji"' in html
    assert '<a href="/o-nas/">O nas</a>' in html


def test_hero_image_requires_alt_text(home_page):
    from django.core.exceptions import ValidationError

    from home.seed_utils import demo_image

    home_page.hero_image = demo_image("Test hero", size=(60, 40))
    home_page.hero_image_alt = ""
    with pytest.raises(ValidationError) as error:
        home_page.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_image_block_requires_alt_text_unless_decorative():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import AccessibleImageBlock
    from home.seed_utils import demo_image

    block = AccessibleImageBlock()
    image = demo_image("Blok", size=(40, 40))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
