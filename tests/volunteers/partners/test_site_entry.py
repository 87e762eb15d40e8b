"""Organisations find the portal from every page of the site: a "Dla organizacji" entry in the
main menu leads to the login (with the join request beside it); with the portal off it is gone."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def main_menu(html):
    return html.split('aria-label="Menu główne"')[1].split("</nav>")[0]


def test_the_main_menu_leads_organisations_to_the_portal_login(client, home_page):
    menu = main_menu(client.get("/").content.decode())
    assert 'href="/partnerzy/"' in menu and "Dla organizacji" in menu
    response = client.get("/partnerzy/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/partnerzy/logowanie/")
    assert 'href="/partnerzy/dolacz/"' in response.content.decode()


def test_no_menu_entry_while_the_portal_is_off(client, home_page):
    with override_settings(CAS_PARTNERS_PUBLIC=False):
        assert "/partnerzy/" not in main_menu(client.get("/").content.decode())
