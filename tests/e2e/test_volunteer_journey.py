"""The volunteer's journey in a real browser (Debian's chromium), each page scanned with axe-core.

Sign up (first with a mistake), confirm from the e-mailed link, land on "Moje dane",
apply to an offer from "Oferty dla Ciebie".
"""

import pytest
from django.core import mail

from tests.e2e.conftest import assert_accessible
from tests.people.conftest import born, make_opportunity, token_from

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_sign_up_confirm_and_apply_in_a_browser(browser, live_server, home_page):
    opportunity = make_opportunity(title="Fotorelacja z festynu", skills=["fotografia"])
    context = browser.new_context(locale="pl-PL", base_url=live_server.url)
    # A late favicon request would reach the server after the test database was flushed
    # (and make Wagtail recreate content types there), so the browser never asks for it.
    context.route("**/favicon.ico", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"/wolontariat/dolacz/?oferta={opportunity.pk}")
    assert "Fotorelacja z festynu" in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("#id_first_name").fill("Kasia")
    page.locator("#id_email").fill("kasia.przegladarka@example.org")
    page.locator("#id_birth_year").fill(str(born(16)))
    page.locator("#id_district").select_option("zagorze")
    page.get_by_label("Fotografia i wideo").check()
    page.get_by_label("weekendy").check()
    page.locator("#id_terms").check()
    page.locator("#id_data_processing").check()
    page.get_by_role("button", name="Zapisz się").click()

    # a minor without a guardian's address: the form says so and keeps what was typed
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_first_name").input_value() == "Kasia"
    assert_accessible(page)
    page.locator("#id_guardian_email").fill("mama.przegladarka@example.org")
    page.get_by_role("button", name="Zapisz się").click()
    page.wait_for_url("**/wolontariat/dolacz/wyslano/")
    assert_accessible(page)

    page.goto(f"/wolontariat/potwierdz/?token={token_from(mail.outbox[0])}")
    page.get_by_role("button", name="Potwierdzam mój adres e-mail").click()
    assert "teraz Twój opiekun" in page.get_by_role("heading", level=1).inner_text()

    guardian = next(m for m in mail.outbox if "mama.przegladarka@example.org" in m.to)
    page.goto(f"/wolontariat/zgoda-opiekuna/?token={token_from(guardian)}")
    assert_accessible(page)
    page.get_by_role("button", name="Wyrażam zgodę").click()
    assert "Dziękujemy za zgodę" in page.get_by_role("heading", level=1).inner_text()

    page.goto("/wolontariat/moje-dane/")
    page.locator("#id_email").fill("kasia.przegladarka@example.org")
    page.get_by_role("button", name="Wyślij mi link").click()
    link = [m for m in mail.outbox if "kasia.przegladarka@example.org" in m.to][-1]
    page.goto(f"/wolontariat/moje-dane/?token={token_from(link)}")
    page.get_by_role("button", name="Otwórz moje dane").click()
    page.wait_for_url("**/wolontariat/moje-dane/")
    assert page.get_by_role("heading", name="Oferty dla Ciebie").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Aplikuj: Fotorelacja z festynu").click()
    page.get_by_label("Wiadomość do organizacji (nieobowiązkowo)").fill("Mam aparat.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    page.wait_for_url("**/wolontariat/moje-dane/")
    assert "Wysłaliśmy Twoje zgłoszenie" in page.locator("body").inner_text()
    page.wait_for_load_state("networkidle")
    context.close()
