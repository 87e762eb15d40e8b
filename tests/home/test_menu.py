import pytest
from wagtail import hooks

from home.registry import MENU_ITEMS_HOOK, MenuItem

pytestmark = pytest.mark.django_db


def test_apps_add_main_menu_entries_for_their_sections(client, home_page):
    def volunteering(request):
        return MenuItem("Wolontariat testowy", "/testowy-dzial/", order=5)

    with hooks.register_temporarily(MENU_ITEMS_HOOK, volunteering):
        html = client.get("/").content.decode()
    assert '<a href="/testowy-dzial/">Wolontariat testowy</a>' in html
