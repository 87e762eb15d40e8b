"""A Redakcja editor logs into the admin (in Polish), creates and publishes a campaign with a
material, and is refused the personal-data registers."""

import re

import pytest

from campaigns.models import CampaignIndexPage, CampaignPage
from tests.e2e.browser import open_visit
from tests.factories import make_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editor(django_user_model, home_page):
    from django.contrib.auth.models import Group

    home_page.add_child(instance=CampaignIndexPage(title="Kampanie", slug="kampanie"))
    make_document("Plakat kampanii", b"%PDF-1.4\n% plakat\n", "plakat.pdf")
    user = django_user_model.objects.create_user("redaktorka", "red@example.org", "haslo-redakcji-2026")
    user.groups.add(Group.objects.get(name="Redakcja"))
    return user


def test_editor_publishes_a_campaign_with_a_material(browser, live_server, editor):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/admin/login/")
    assert page.locator("html").get_attribute("lang") == "pl"
    page.locator("#id_username").fill("redaktorka")
    page.locator("#id_password").fill("haslo-redakcji-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")

    index = CampaignIndexPage.objects.get()
    page.goto(f"{live_server.url}/admin/pages/add/campaigns/campaignpage/{index.pk}/")
    page.locator("#id_title").fill("Kampania z panelu")
    page.locator("#id_intro").fill("Kampania dodana przez redakcję.")
    page.get_by_label("klasy 4–8").first.check()
    page.get_by_role("button", name="Dodaj materiał").click()
    page.get_by_role("button", name=re.compile("Wybierz dokument")).first.click()
    page.get_by_role("link", name="Plakat kampanii").click()
    page.locator("input[id^='id_materials-'][id$='-title']").first.fill("Plakat do klasy")
    # "Publish" sits in the menu next to "Save draft" at the bottom of the editor.
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/(\?.*)?$"))

    campaign = CampaignPage.objects.get(title="Kampania z panelu")
    assert campaign.live
    assert [m.title for m in campaign.materials.all()] == ["Plakat do klasy"]
    # the public page a visitor now sees passes the page budget and axe (the admin is Wagtail's own UI)
    with open_visit(browser, "desktop", live_server.url) as visitor:
        visitor.goto(campaign.url)
        assert "Plakat do klasy" in visitor.page.locator("main").inner_text()

    refused = page.goto(live_server.url + "/admin/workshops/booking/")
    assert refused.status == 403 or "/admin/workshops/booking/" not in page.url
    context.close()
