"""Keyboard only: the volunteer sign-up and the workshop booking, with Tab, Shift+Tab, Space,
Enter and typing from the moment the page loads — no mouse, no JavaScript of ours.

Checked on the way: the tab order follows the order of the fields on the page, every element
that takes focus shows a visible focus indicator, a submission with mistakes focuses an
error summary whose links lead (by keyboard) to the fields, each invalid field says so
(``aria-invalid``) and points at its error text (``aria-describedby``), and the corrected
form goes through by keyboard.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from tests.factories import born
from volunteers.people.models import Volunteer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: What the focused element looks like: id, name, text, whether it is inside the form, where it is,
#: whether :focus-visible applies, and the computed outline and box-shadow that draw the indicator.
FOCUSED = """(formSelector) => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    id: el.id, name: el.getAttribute("name"), tag: el.tagName.toLowerCase(), type: el.type || "",
    text: (el.textContent || "").trim().slice(0, 60), href: el.getAttribute("href"),
    inForm: !!el.closest(formSelector),
    top: box.top + window.scrollY, left: box.left + window.scrollX,
    focusVisible: el.matches(":focus-visible"),
    indicator: [style.outlineStyle, style.outlineWidth, style.boxShadow].join(" | "),
  };
}"""

#: The tab stops a form should have, in DOM order: visible fields (one per radio group:
#: the checked radio, else the first), then the submit button; nothing with tabindex=-1.
EXPECTED_STOPS = """(formSelector) => {
  const form = document.querySelector(formSelector);
  const stops = [];
  const radioGroups = new Set();
  for (const el of form.querySelectorAll("input, select, textarea, button")) {
    if (el.type === "hidden" || el.disabled || el.tabIndex < 0 || el.closest("[aria-hidden=true]")) continue;
    if (el.type === "radio") {
      if (radioGroups.has(el.name)) continue;
      radioGroups.add(el.name);
      const checked = form.querySelector(`input[type=radio][name="${el.name}"]:checked`);
      stops.push((checked || el).id);
      continue;
    }
    stops.push(el.id || el.getAttribute("name") || el.tagName.toLowerCase());
  }
  return stops;
}"""

UNFOCUSED_INDICATOR = """(id) => {
  const style = getComputedStyle(document.getElementById(id));
  return [style.outlineStyle, style.outlineWidth, style.boxShadow].join(" | ");
}"""

NO_INDICATOR = {"none", "0px"}


def focused(page, form_selector):
    return page.evaluate(FOCUSED, form_selector)


def press_until(page, key, form_selector, predicate, limit=80):
    """Press ``key`` until the focused element satisfies ``predicate``; returns what was focused."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page, form_selector)
        seen.append(now)
        assert_focus_visible(now)
        if predicate(now):
            return seen
    raise AssertionError(f"never reached the element after {limit} × {key}: {seen[-5:]}")


def assert_focus_visible(element):
    """A focused element matches :focus-visible and draws an outline or a box-shadow."""
    outline_style, outline_width, shadow = element["indicator"].split(" | ")
    drawn = (outline_style not in NO_INDICATOR and outline_width not in NO_INDICATOR) or shadow != "none"
    assert element["focusVisible"] and drawn, f"no visible focus indicator on {element}"


def key_of(element):
    return element["id"] or element["name"] or element["tag"]


def walk_form(page, form_selector, actions):
    """Tab from the top of <main> through every stop of the form to its submit button.

    ``actions`` maps an element id to what the keyboard does there (type, Space, ...).
    Returns the ids in the order focus visited them.
    """
    page.keyboard.press("Tab")
    skip_link = focused(page, form_selector)
    assert skip_link["text"] == "Przejdź do treści"
    assert_focus_visible(skip_link)
    page.keyboard.press("Enter")  # the skip link moves focus to <main>
    assert focused(page, form_selector)["id"] == "main"
    stops = press_until(page, "Tab", form_selector, lambda el: el["inForm"])[-1:]
    while True:
        here = stops[-1]
        if here["tag"] == "button":
            break
        if key_of(here) in actions:
            actions[key_of(here)]()
        page.keyboard.press("Tab")
        now = focused(page, form_selector)
        assert_focus_visible(now)
        assert now["inForm"], f"focus left the form after {key_of(here)}: {now}"
        # the indicator belongs to focus: the element just left draws none (or a different one)
        if here["id"]:
            assert page.evaluate(UNFOCUSED_INDICATOR, here["id"]) != here["indicator"], here
        # visual order: each stop sits below the previous one, or to its right on the same line
        same_line = abs(now["top"] - here["top"]) <= 1
        assert now["top"] > here["top"] + 1 or (same_line and now["left"] > here["left"]), (here, now)
        stops.append(now)
    return [key_of(stop) for stop in stops]


def assert_error_summary(page, form_selector, expected_fields):
    """The summary has focus (and is an alert), links to each invalid field, and each field
    is marked invalid and described by its error text."""
    now = focused(page, form_selector)
    assert now["id"] == "error-summary", now
    assert_focus_visible(now)
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    hrefs = [link.get_attribute("href") for link in summary.get_by_role("link").all()]
    assert hrefs == [f"#{field}" for field in expected_fields]
    for field in expected_fields:
        control = page.locator(f"#{field}")
        assert control.get_attribute("aria-invalid") == "true", field
        described = control.get_attribute("aria-describedby").split()
        assert f"{field}-errors" in described, described
        error_text = page.locator(f"#{field}-errors").inner_text().strip()
        assert error_text and error_text in summary.inner_text(), field


def follow_summary_link(page, form_selector, field):
    """From the focused summary, Tab (or Shift+Tab) to the link to ``field`` and press Enter."""
    target = f"#{field}"
    for key in ("Tab", "Shift+Tab"):
        if focused(page, form_selector)["href"] == target:
            break
        try:
            press_until(page, key, form_selector, lambda el: el["href"] == target, limit=20)
            break
        except AssertionError:
            if key == "Shift+Tab":
                raise
    page.keyboard.press("Enter")
    assert focused(page, form_selector)["id"] == field


def test_volunteer_sign_up_by_keyboard_only(visit, home_page):
    page = visit.page
    form = "form[action^='/wolontariat/dolacz/']"
    visit.goto("/wolontariat/dolacz/")
    keyboard = page.keyboard
    actions = {
        "id_first_name": lambda: keyboard.type("Kasia"),
        "id_email": lambda: keyboard.type("kasia.klawiatura@example.org"),
        "id_birth_year": lambda: keyboard.type(str(born(17))),
        # no guardian's address yet: the first mistake
        "id_district": lambda: keyboard.type("Zag"),  # type-ahead in a closed <select>
        "id_skills_0": lambda: keyboard.press("Space"),
        "id_terms": lambda: keyboard.press("Space"),
        # data processing left unticked: the second mistake
    }
    order = walk_form(page, form, actions)
    assert order == page.evaluate(EXPECTED_STOPS, form)
    assert order[0] == "id_first_name" and "website" not in order
    assert page.locator("#id_district").input_value() == "zagorze"
    with page.expect_navigation():
        keyboard.press("Enter")  # on "Zapisz się"
    visit.scan()

    assert_error_summary(page, form, ["id_guardian_email", "id_data_processing"])
    assert page.locator("#id_first_name").input_value() == "Kasia"
    follow_summary_link(page, form, "id_guardian_email")
    keyboard.type("mama.klawiatura@example.org")
    press_until(page, "Shift+Tab", form, lambda el: el["href"] == "#id_data_processing")
    follow_summary_link(page, form, "id_data_processing")
    keyboard.press("Space")
    press_until(page, "Tab", form, lambda el: el["tag"] == "button")
    with page.expect_navigation():
        keyboard.press("Enter")
    page.wait_for_url("**/wolontariat/dolacz/wyslano/")
    visit.scan()
    volunteer = Volunteer.objects.get(email="kasia.klawiatura@example.org")
    assert volunteer.guardian_email == "mama.klawiatura@example.org"
    assert volunteer.district.slug == "zagorze"
    assert volunteer.skills.count() == 1
    assert volunteer.consents.filter(purpose="data_processing").exists()


@pytest.fixture
def workshop(home_page):
    index = home_page.add_child(instance=WorkshopIndexPage(title="Warsztaty", slug="warsztaty"))
    page = index.add_child(
        instance=WorkshopPage(title="Podcast od zera", slug="podcast", intro="Nagraj pierwszy odcinek.",
                              min_age=13, max_age=19, topic="aktywnosc-obywatelska")
    )
    starts_at = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    WorkshopSession.objects.create(
        page=page, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=5
    )
    return page


def test_workshop_booking_by_keyboard_only(visit, workshop):
    page = visit.page
    form = "#zapis form"
    visit.goto(workshop.url)
    keyboard = page.keyboard
    actions = {
        "id_name": lambda: keyboard.type("Jan Klawiatura"),
        "id_email": lambda: keyboard.type("jan.klawiatura@"),  # a typo: the domain is missing
        "id_birth_year": lambda: keyboard.type(str(timezone.localdate().year - 15)),
        # a 15-year-old without a guardian's address, and the terms not accepted
    }
    order = walk_form(page, form, actions)
    assert order == page.evaluate(EXPECTED_STOPS, form)
    assert order[0] == "id_session_0" and "id_website" not in order
    with page.expect_navigation():
        keyboard.press("Enter")  # on "Zapisz mnie"
    visit.scan()

    assert_error_summary(page, form, ["id_email", "id_terms"])
    follow_summary_link(page, form, "id_email")
    keyboard.press("End")
    keyboard.type("example.org")
    press_until(page, "Shift+Tab", form, lambda el: el["href"] == "#id_terms")
    follow_summary_link(page, form, "id_terms")
    keyboard.press("Space")
    keyboard.press("Tab")  # the honeypot is no tab stop: straight to the button
    assert focused(page, form)["tag"] == "button"
    with page.expect_navigation():
        keyboard.press("Enter")
    visit.scan()

    # the booking rules (under 16 needs a guardian) answer once the form itself is valid
    assert_error_summary(page, form, ["id_guardian_email"])
    assert page.locator("#id_email").input_value() == "jan.klawiatura@example.org"
    follow_summary_link(page, form, "id_guardian_email")
    keyboard.type("rodzic.klawiatura@example.org")
    with page.expect_navigation():
        keyboard.press("Enter")  # implicit submission from a text field
    page.wait_for_url(f"**{workshop.url}")
    visit.scan()
    booking = Booking.objects.get(email="jan.klawiatura@example.org")
    assert booking.status == "awaiting_email"  # the guardian is asked once Jan confirms his address
    assert booking.reference in page.get_by_role("status").inner_text()
