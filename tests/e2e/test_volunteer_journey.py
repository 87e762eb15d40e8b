"""A 17-year-old's whole journey in a real browser (Debian's chromium), every page scanned.

From the home page as a newcomer: sign up (first forgetting the guardian's address),
confirm from the e-mailed link, the guardian agrees from their own e-mail in their own
browser, ask for the self-service link, open "Oferty dla Ciebie", apply to an offer,
download everything CAS holds (JSON) and delete the account. E-mail links come from the
test outbox.
"""

import json
import re

import pytest
from django.core import mail

from tests.factories import born, make_opportunity
from volunteers.people.models import Application, Volunteer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "kasia.przegladarka@example.org"
GUARDIAN = "mama.przegladarka@example.org"


def link_in(message):
    """The site-relative address of the link in an e-mail (the live server's host may differ)."""
    match = re.search(r"https?://[^\s/]+(/\S*)", message.body)
    assert match, message.body
    return match.group(1)


def last_mail_to(address):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail to {address}"
    return messages[-1]


def test_seventeen_year_old_signs_up_applies_downloads_and_deletes(visit, home_page):
    opportunity = make_opportunity(title="Fotorelacja z festynu", skills=["fotografia"])
    page = visit.page

    visit.goto("/")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Wolontariat").click()
    visit.scan()
    page.get_by_role("link", name="Zarejestruj się jako wolontariusz").first.click()
    page.wait_for_url("**/wolontariat/dolacz/")
    visit.scan()
    page.locator("#id_first_name").fill("Kasia")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_birth_year").fill(str(born(17)))
    page.locator("#id_district").select_option("zagorze")
    page.get_by_label("Fotografia i wideo").check()
    page.get_by_label("weekendy").check()
    page.locator("#id_terms").check()
    page.locator("#id_data_processing").check()
    page.get_by_role("button", name="Zapisz się").click()

    # a minor without a guardian's address: the form says so and keeps what was typed
    visit.scan()
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_first_name").input_value() == "Kasia"
    page.locator("#id_guardian_email").fill(GUARDIAN)
    page.get_by_role("button", name="Zapisz się").click()
    page.wait_for_url("**/wolontariat/dolacz/wyslano/")
    visit.scan()

    visit.goto(link_in(last_mail_to(EMAIL)))
    page.get_by_role("button", name="Potwierdzam mój adres e-mail").click()
    visit.scan()
    assert "teraz Twój opiekun" in page.get_by_role("heading", level=1).inner_text()
    assert Volunteer.objects.get(email=EMAIL).status == "pending_guardian"

    guardian = visit.another_person()
    guardian.goto(link_in(last_mail_to(GUARDIAN)))
    assert "Kasia" in guardian.page.locator("main").inner_text()
    guardian.page.get_by_role("button", name="Wyrażam zgodę").click()
    guardian.scan()
    assert "Dziękujemy za zgodę" in guardian.page.get_by_role("heading", level=1).inner_text()
    assert Volunteer.objects.get(email=EMAIL).status == "active"

    # the welcome e-mail leads to "Moje dane", where the volunteer asks for a one-time link
    welcome = last_mail_to(EMAIL)
    assert "aktywnym wolontariuszem" in welcome.body
    visit.goto(link_in(welcome))
    page.locator("#id_email").fill(EMAIL)
    page.get_by_role("button", name="Wyślij mi link").click()
    visit.scan()
    visit.goto(link_in(last_mail_to(EMAIL)))
    page.get_by_role("button", name="Otwórz moje dane").click()
    page.wait_for_url("**/wolontariat/moje-dane/")
    visit.scan()
    assert page.get_by_role("heading", level=1).inner_text() == "Cześć, Kasia!"

    offers = page.locator("section", has=page.get_by_role("heading", name="Oferty dla Ciebie"))
    offers.get_by_role("link", name="Aplikuj: Fotorelacja z festynu").click()
    visit.scan()
    page.get_by_label("Wiadomość do organizacji (nieobowiązkowo)").fill("Mam aparat.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    page.wait_for_url("**/wolontariat/moje-dane/")
    visit.scan()
    assert "Wysłaliśmy Twoje zgłoszenie" in page.locator("main").inner_text()
    applications = page.locator("section", has=page.get_by_role("heading", name="Moje zgłoszenia"))
    assert "Fotorelacja z festynu" in applications.inner_text()
    assert Application.objects.get().opportunity == opportunity

    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz wszystkie dane (JSON)").click()
    assert download.value.suggested_filename.endswith(".json")
    with open(download.value.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["volunteer"]["first_name"] == "Kasia"
    assert data["volunteer"]["email"] == EMAIL
    assert data["volunteer"]["guardian_email"] == GUARDIAN
    assert [(a["opportunity"]["title"], a["message"]) for a in data["applications"]] == [
        ("Fotorelacja z festynu", "Mam aparat.")
    ]

    page.get_by_role("link", name="Usuń moje konto i dane").click()
    visit.scan()
    page.get_by_role("button", name="Tak, usuń moje konto").click()
    visit.scan()
    assert page.get_by_role("heading", level=1).inner_text() == "Twoje konto zostało usunięte"
    assert not Volunteer.objects.filter(email=EMAIL).exists()
    assert Application.objects.get().volunteer is None

    # the self-service session ended with the account
    visit.goto("/wolontariat/moje-dane/")
    assert page.get_by_role("button", name="Wyślij mi link").is_visible()
