"""A member of "Sale" opens the week calendar, approves one request from it and refuses
another with a reason (after first forgetting the reason), with the keyboard-free browser
flow a real person uses; the calendar and the decision pages (our markup inside Wagtail's
admin) have no axe violations."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.e2e.browser import VIEWPORTS, WCAG_TAGS
from tests.factories import at, make_house_rules, make_room, make_room_booking

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_our_part_accessible(page):
    """Zero axe violations (WCAG 2.0/2.1 A and AA) in the page's own content: the calendar or
    the decision page inside the admin's chrome, which is Wagtail's."""
    results = Axe().run(
        page, context={"include": [["#main"]]}, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    )
    assert results.response["violations"] == [], results.generate_report()


@pytest.fixture
def requests_this_week(django_user_model):
    from django.contrib.auth.models import Group

    room, rules = make_room("Sala duża"), make_house_rules()
    day = timezone.localdate() + timedelta(days=7)
    first = make_room_booking(room, rules, at(day, 17), organiser_name="Klub Szachowy")
    second = make_room_booking(room, rules, at(day, 10), organiser_name="Koło Gospodyń")
    user = django_user_model.objects.create_user("sale", "sale@example.org", "haslo-sal-2026")
    user.groups.add(Group.objects.get(name="Sale"))
    return day, first, second


def test_room_staff_decide_from_the_week_calendar(browser, live_server, requests_this_week):
    day, first, second = requests_this_week
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("sale")
    page.locator("#id_password").fill("haslo-sal-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")

    page.goto(f"{live_server.url}/admin/sale/kalendarz/")
    page.get_by_label("Dowolny dzień tygodnia").fill(day.isoformat())
    page.get_by_role("button", name="Pokaż").click()
    page.wait_for_url(f"**tydzien={day.isoformat()}**")
    assert page.get_by_text("Klub Szachowy").is_visible()
    assert page.get_by_text("status: czeka na decyzję").count() == 2
    assert_our_part_accessible(page)

    page.get_by_role("button", name=f"Zatwierdź: {first.reference}").click()
    page.locator(".messages li.success").wait_for()
    assert "Zatwierdzono" in page.locator(".messages").inner_text()
    assert page.get_by_text("status: zatwierdzona").count() == 1

    page.get_by_role("link", name=f"Odmów: {second.reference}").click()
    page.wait_for_url(f"**/admin/rooms/roombooking/refuse/{second.pk}/**")
    assert_our_part_accessible(page)
    page.get_by_role("button", name="Odmów").click()
    summary = page.locator("#error-summary[role=alert]")  # the reason is required: said above the form
    summary.wait_for()
    assert "Podaj powód odmowy" in summary.inner_text()
    assert page.get_by_label("Powód odmowy").get_attribute("aria-invalid") == "true"
    assert_our_part_accessible(page)
    page.get_by_label("Powód odmowy").fill("Tego dnia sala jest potrzebna na zebranie rady dzielnicy.")
    page.get_by_role("button", name="Odmów").click()
    page.wait_for_url("**/admin/sale/kalendarz/**")
    page.locator(".messages li.success").wait_for()
    assert "Odmówiono" in page.locator(".messages").inner_text()

    statuses = dict(RoomBooking.objects.values_list("pk", "status"))
    assert statuses == {first.pk: BookingStatus.APPROVED, second.pk: BookingStatus.REFUSED}
    context.close()
