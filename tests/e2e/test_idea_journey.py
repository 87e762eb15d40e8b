"""A group leader goes from the home page's "Zgłoś pomysł" button to the form, makes a
mistake, fixes it, submits the idea and sees the reference (the e-mail carries it too).
This journey runs with JavaScript switched off: no form needs it."""

import pytest
from django.core import mail
from django.utils import timezone

from initiatives.models import IdeaSubmission
from tests.e2e.browser import VIEWPORTS, open_visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def home_with_buttons(home_page):
    home_page.calls_to_action = [("button", {"label": "Zgłoś pomysł", "page": None, "url": "/zglos-pomysl/"})]
    home_page.save_revision().publish()
    return home_page


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_leader_submits_an_idea_without_javascript(browser, live_server, home_with_buttons, viewport):
    with open_visit(browser, viewport, live_server.url, java_script_enabled=False) as visit:
        leader_submits_an_idea(visit)


def leader_submits_an_idea(visit):
    page = visit.page
    visit.goto("/")  # axe still runs: Playwright evaluates scripts even with the page's own JS off
    page.get_by_role("link", name="Zgłoś pomysł").click()
    page.wait_for_url("**/zglos-pomysl/")
    visit.scan()
    page.get_by_label("Nazwa grupy").fill("Zielone Podwórko")
    page.get_by_label("Ile osób liczy grupa?").fill("6")
    page.get_by_label("Imię i nazwisko lidera grupy").fill("Ola Zielińska")
    page.get_by_label("E-mail lidera").fill("ola@example.org")
    page.get_by_label("Rok urodzenia lidera").fill(str(timezone.localdate().year - 19))
    page.get_by_label("Tytuł pomysłu").fill("Ogród deszczowy przy bloku")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    visit.scan()
    # The description, district and terms are missing: the form says so and keeps the rest.
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Nazwa grupy").input_value() == "Zielone Podwórko"
    page.get_by_label("Opisz pomysł").fill("Chcemy zamienić zalewany trawnik w ogród deszczowy z sąsiadami.")
    page.get_by_label("Dzielnica").select_option(label="Zagórze")
    page.get_by_label("Akceptuję regulamin wsparcia").check()
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    visit.scan()
    submission = IdeaSubmission.objects.get()
    assert submission.reference.startswith(f"CAS-{timezone.localdate().year}-")
    assert page.get_by_text(submission.reference).first.is_visible()
    assert any(submission.reference in m.body and "ola@example.org" in m.to for m in mail.outbox)
