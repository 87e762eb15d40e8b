"""A Ukrainian-speaking visitor switches the site to Ukrainian, registers as a volunteer in
Ukrainian, and confirms the address from a Ukrainian e-mail."""

import pytest
from django.core import mail

from tests.factories import born, token_from
from volunteers.people.models import Volunteer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_ukrainian_visitor_registers_in_ukrainian(visit, home_page):
    page = visit.page
    visit.goto("/")
    page.get_by_role("navigation", name="Wybór języka").get_by_role("link", name="Українська").click()
    page.wait_for_url("**/uk/")
    visit.scan()
    page.get_by_role("navigation", name="Головне меню").get_by_role("link", name="Волонтерство").click()
    visit.scan()
    page.get_by_role("link", name="Зареєструватися як волонтер").first.click()
    page.wait_for_url("**/uk/wolontariat/dolacz/**")
    visit.scan()
    assert page.locator("html").get_attribute("lang") == "uk"

    page.locator("#id_first_name").fill("Оксана")
    page.locator("#id_email").fill("oksana@example.org")
    page.locator("#id_birth_year").fill(str(born(24)))
    page.locator("#id_district").select_option("zagorze")
    page.locator("#id_terms").check()
    page.get_by_role("button", name="Зареєструватися").click()
    visit.scan()
    # data processing consent missing: the error is in Ukrainian and the form keeps the name
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_first_name").input_value() == "Оксана"
    page.locator("#id_data_processing").check()
    page.get_by_role("button", name="Зареєструватися").click()
    page.wait_for_url("**/uk/wolontariat/dolacz/wyslano/")
    visit.scan()

    message = mail.outbox[-1]
    assert message.to == ["oksana@example.org"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in message.subject), message.subject  # Cyrillic subject
    visit.goto(f"/uk/wolontariat/potwierdz/?token={token_from(message)}")
    page.get_by_role("button", name="Підтверджую свою адресу електронної пошти").click()
    # an adult is active at once and lands in "Moje dane", greeted in Ukrainian
    page.wait_for_url("**/uk/wolontariat/moje-dane/")
    visit.scan()
    assert page.get_by_role("heading", level=1).inner_text() == "Привіт, Оксана!"
    volunteer = Volunteer.objects.get()
    assert volunteer.status == "active"
    assert volunteer.language == "uk"
