"""An organisation's manager signs in to the partner portal (password, then the TOTP code), opens
an application, accepts it with a message (the volunteer gets it by e-mail) and proposes a youth
project; a volunteer coordinator accepts the project in the Wagtail admin with a comment, and the
project's page in the portal then shows "przyjęty" and CAS's comment. Every portal page passes axe;
the admin's decision page passes it in its own content (the chrome is Wagtail's)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from tests.e2e.browser import VIEWPORTS, WCAG_TAGS
from tests.factories import (
    PARTNER_PASSWORD,
    make_opportunity,
    make_organisation,
    make_partner,
    make_volunteer,
    totp_code,
)
from volunteers.choices import ProjectStatus
from volunteers.models import YouthProject
from volunteers.people import services as people
from volunteers.people.choices import ApplicationStatus
from volunteers.people.models import ApplicantDataAccess

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_our_part_accessible(page):
    results = Axe().run(
        page, context={"include": [["#main"]]}, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    )
    assert results.response["violations"] == [], results.generate_report()


@pytest.fixture
def partner_world(home_page, coordinator_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    organisation = make_organisation("Fundacja Zielony Sosnowiec", email="biuro@zielony.example.org")
    manager = make_partner(organisation, role="manager", email="menedzerka@zielony.example.org")
    volunteer = make_volunteer(first_name="Ala", email="ala@example.org", phone="600 100 200")
    application = people.apply_to_opportunity(
        volunteer, make_opportunity(organisation, "Sadzenie drzew").pk, "Mam własne rękawice."
    )
    return manager, TOTPDevice.objects.get(user=manager.user), application


def test_a_manager_answers_an_application_and_cas_accepts_a_project(
    visit, browser, live_server, partner_world
):
    manager, device, application = partner_world
    page = visit.page

    # Sign in through the real pages: e-mail and password, then the code of the second factor.
    visit.goto("/partnerzy/")
    assert page.get_by_role("heading", level=1).is_visible()
    page.get_by_label("E-mail").fill(manager.user.email)
    page.get_by_label("Hasło").fill(PARTNER_PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/partnerzy/drugi-skladnik/**")
    visit.scan()
    page.get_by_label("Kod z aplikacji").fill(totp_code(device))
    page.get_by_role("button", name="Dalej").click()
    page.wait_for_url(f"**/partnerzy/{manager.organisation_id}/")
    visit.scan()

    # The inbox, then the application: the applicant's contact (and one audit entry).
    page.get_by_role("navigation", name="Portal organizacji").get_by_role("link", name="Zgłoszenia").click()
    page.wait_for_url("**/zgloszenia/")
    visit.scan()
    assert "Sadzenie drzew" in page.get_by_role("table").inner_text()
    page.get_by_role("link", name="Ala").click()
    page.wait_for_url(f"**/zgloszenia/{application.pk}/")
    visit.scan()
    main = page.get_by_role("main").inner_text()
    assert "ala@example.org" in main and "Mam własne rękawice." in main
    assert ApplicantDataAccess.objects.filter(application=application).count() == 1

    mail.outbox.clear()
    page.get_by_label("przyjęte").check()
    page.get_by_label("Wiadomość do wolontariusza (opcjonalnie)").fill("Zapraszamy w sobotę o 10 do parku.")
    page.get_by_role("button", name="Zapisz i powiadom wolontariusza").click()
    page.wait_for_url(f"**/zgloszenia/{application.pk}/")
    visit.scan()
    assert "Zapisano status „przyjęte”" in page.get_by_role("status").inner_text()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    [email] = [m for m in mail.outbox if m.to == ["ala@example.org"]]
    assert "Zapraszamy w sobotę o 10 do parku." in email.body

    # A youth project proposed to CAS.
    page.get_by_role("navigation", name="Portal organizacji").get_by_role(
        "link", name="Projekty młodzieżowe"
    ).click()
    visit.scan()
    page.get_by_role("link", name="Zaproponuj projekt").click()
    visit.scan()
    page.get_by_label("Tytuł projektu").fill("Letnia akademia liderów")
    page.get_by_label("Opis").fill("Tydzień warsztatów dla młodzieży z Pogoni.")
    page.get_by_label("Wiek uczestników od").fill("14")
    page.get_by_label("Wiek uczestników do").fill("18")
    page.get_by_label("sala").check()
    page.get_by_label("mentoring").check()
    page.get_by_role("button", name="Wyślij propozycję do CAS").click()
    page.wait_for_url("**/projekty/*/")
    visit.scan()
    project = YouthProject.objects.get()
    assert project.status == ProjectStatus.SUBMITTED and project.needs == ["sala", "mentoring"]
    assert "zgłoszony" in page.get_by_role("main").inner_text()

    # A volunteer coordinator accepts it in the admin, with a comment to the organisation.
    staff = browser.new_context(viewport=VIEWPORTS["desktop"], locale="pl-PL")
    admin = staff.new_page()
    admin.set_default_timeout(20_000)
    admin.goto(live_server.url + "/admin/login/")
    admin.locator("#id_username").fill("koordynatorka")
    admin.locator("#id_password").fill("haslo-testowe-123")
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url("**/admin/")
    admin.goto(f"{live_server.url}/admin/volunteers/youthproject/decide/{project.pk}/")
    assert_our_part_accessible(admin)
    admin.get_by_label("przyjmij projekt").check()
    admin.get_by_label("Komentarz dla organizacji").fill("Chętnie pomożemy: sala 2 jest Wasza.")
    admin.locator("#main form button[type=submit]").click()
    admin.wait_for_url(f"**/admin/volunteers/youthproject/inspect/{project.pk}/")
    staff.close()
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED

    # The portal's project page shows the decision and CAS's comment.
    page.reload()
    visit.scan()
    main = page.get_by_role("main").inner_text()
    assert "przyjęty" in main and "Chętnie pomożemy: sala 2 jest Wasza." in main
    assert "Powiązane przez CAS" in main
