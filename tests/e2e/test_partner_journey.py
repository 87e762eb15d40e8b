"""An organisation's new manager, tried as a new user in a real browser, from the invitation to a
youth project CAS accepts — one continuous journey, with Koordynacja wolontariatu in the Wagtail
admin in a second browser:

1. a coordinator signs in to the admin and invites the manager ("Portal partnerów" → members →
   "Zaproś do organizacji");
2. the manager opens the e-mailed link, sets a password, enrols the second factor with the key
   the page shows (as an authenticator app would) and lands on the organisation's dashboard;
3. edits the profile and an offer, both "czeka na akceptację CAS";
4. the coordinator approves both from the admin dashboard's "awaiting your review" panel (once
   plainly, once with a comment in Wagtail's modal) and the public pages change;
5. the manager signs out and back in (password, then a code from her app), opens an application
   (one audit entry) and accepts it with a message, which reaches the volunteer by e-mail;
6. proposes a youth project, the coordinator accepts it on the admin's decision page with a
   comment, and the portal shows "przyjęty" and the comment.

Every portal and public page is scanned (axe WCAG A/AA, page weight); of the admin's pages only
``#main`` is checked with axe — the chrome around it is Wagtail's.
"""

import base64
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django_otp.oath import TOTP

from tests.e2e.browser import VIEWPORTS, WCAG_TAGS
from tests.factories import make_opportunity, make_organisation, make_volunteer
from volunteers.choices import ProjectStatus
from volunteers.models import YouthProject
from volunteers.partners.models import Membership
from volunteers.people import services as people
from volunteers.people.choices import ApplicationStatus
from volunteers.people.models import ApplicantDataAccess

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MANAGER_EMAIL = "ola@zielony.example.org"
PORTAL_NAV = "Portal organizacji"


def assert_our_part_accessible(page):
    """Zero axe violations (WCAG 2.0/2.1 A and AA) in an admin page's own content."""
    results = Axe().run(
        page, context={"include": [["#main"]]}, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    )
    assert results.response["violations"] == [], results.generate_report()


class Authenticator:
    """The manager's authenticator app: the key typed in from the enrolment page (base32 in
    groups), and the code it shows now — or the next one, as a person waits for a fresh code
    when the one shown was already used (django-otp accepts one step ahead, never a code twice)."""

    def __init__(self, key: str):
        key = re.sub(r"\s", "", key).upper()
        self.totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), step=30, t0=0, digits=6)
        self.last_step = -1

    def code(self) -> str:
        self.totp.time = time.time()
        step = max(self.totp.t(), self.last_step + 1)
        self.totp.time = step * 30 + 1
        self.last_step = step
        return f"{self.totp.token():06d}"


def follow(visit, control):
    """Click a link or a form's button and wait for the document it loads, then scan it."""
    with visit.page.expect_navigation():
        control.click()
    visit.scan()


@pytest.fixture
def partner_world(home_page, coordinator_user):
    organisation = make_organisation(
        "Fundacja Zielony Sosnowiec",
        slug="fundacja-zielony-sosnowiec",
        description="Sadzimy drzewa.",
        email="biuro@zielony.example.org",
    )
    offer = make_opportunity(organisation, "Pomoc w świetlicy", description="Odrabiamy lekcje.")
    volunteer = make_volunteer(first_name="Ala", email="ala@example.org", phone="600 100 200")
    application = people.apply_to_opportunity(volunteer, offer.pk, "Mam własne rękawice.")
    mail.outbox.clear()
    return organisation, offer, application


class Admin:
    """Koordynacja wolontariatu in the Wagtail admin: their own browser, desktop."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="pl-PL")
        self.context.route("**/favicon.ico", lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)

    def sign_in(self, username, password):
        self.page.goto(self.base_url + "/admin/login/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(password)
        self.page.locator("form button[type=submit]").click()
        self.page.wait_for_url("**/admin/")

    def review(self, obj, action, comment=""):
        """One workflow action on ``obj`` from the dashboard's "awaiting your review" panel."""
        page = self.page
        page.goto(self.base_url + "/admin/")
        panel = page.locator("#awaiting-review-section")
        edit_url = f"/admin/snippets/volunteers/{obj._meta.model_name}/edit/{obj.pk}/"
        row = panel.locator("tr", has=page.locator(f'a[href="{edit_url}"]'))
        row.get_by_role("button", name="Akcje").click()
        with page.expect_navigation(url=self.base_url + "/admin/"):
            row.get_by_role("button", name=action, exact=True).click()
            if comment:
                dialog = page.get_by_role("dialog")
                dialog.get_by_label("Komentarz").fill(comment)
                dialog.locator("form button[type=submit]").click()
        page.wait_for_load_state("load")
        assert row.count() == 0, f"{obj} still awaits review"
        assert_our_part_accessible(page)

    def close(self):
        self.context.close()


def test_a_new_manager_from_the_invitation_to_a_youth_project_cas_accepts(
    visit, browser, live_server, partner_world
):
    organisation, offer, application = partner_world
    page = visit.page
    admin = Admin(browser, live_server.url)

    # 1. Koordynacja invites the manager from the admin.
    admin.sign_in("koordynatorka", "haslo-testowe-123")
    admin.page.goto(live_server.url + "/admin/partners/membership/")
    admin.page.get_by_role("link", name="Zaproś do organizacji").first.click()
    admin.page.wait_for_url("**/admin/partners/membership/create/")
    assert_our_part_accessible(admin.page)
    admin.page.get_by_label("Organizacja").select_option(label="Fundacja Zielony Sosnowiec")
    admin.page.get_by_label("E-mail").fill(MANAGER_EMAIL)
    admin.page.get_by_role("button", name="Wyślij zaproszenie").click()
    admin.page.wait_for_url("**/admin/partners/membership/")
    assert f"Wysłano zaproszenie na adres {MANAGER_EMAIL}." in admin.page.locator(".messages").inner_text()
    (invitation,) = [m for m in mail.outbox if m.to == [MANAGER_EMAIL]]
    link = re.search(r"/partnerzy/zaproszenie/\?token=[\w-]+", invitation.body).group(0)

    # 2. The manager accepts: a password, then the second factor from the key on the page.
    visit.goto(link)
    assert "Fundacja Zielony Sosnowiec" in page.get_by_role("main").inner_text()
    page.get_by_label("Imię").fill("Ola")
    page.get_by_label("Nazwisko").fill("Zielińska")
    page.locator("#id_password1").fill("Dęby-i-Łąki-2026")
    page.get_by_label("Powtórz hasło").fill("Dęby-i-Łąki-2026")
    follow(visit, page.get_by_role("button", name="Załóż konto i dołącz"))
    assert page.get_by_role("heading", level=1).inner_text() == "Skonfiguruj drugi składnik logowania"
    app = Authenticator(page.locator(".totp-key").inner_text())
    page.get_by_label("Kod z aplikacji").fill(app.code())
    follow(visit, page.get_by_role("button", name="Potwierdź"))
    assert page.url == f"{live_server.url}/partnerzy/{organisation.pk}/"
    membership = Membership.objects.active().get(user__email=MANAGER_EMAIL)
    assert membership.organisation == organisation and membership.role == "manager"
    nav = page.get_by_role("navigation", name=PORTAL_NAV)

    # 3. The profile and the offer, each sent to CAS.
    follow(visit, nav.get_by_role("link", name="Profil organizacji"))
    page.get_by_label("Opis").fill("Sadzimy drzewa i łąki kwietne.")
    follow(visit, page.get_by_role("button", name="Wyślij zmianę do CAS"))
    assert "czeka na akceptację CAS" in page.get_by_role("main").inner_text()

    follow(visit, nav.get_by_role("link", name="Oferty"))
    follow(visit, page.get_by_role("link", name="Edytuj ofertę „Pomoc w świetlicy”"))
    page.get_by_label("Opis").fill("Odrabiamy lekcje i gramy w szachy.")
    follow(visit, page.get_by_role("button", name="Wyślij do CAS"))

    follow(visit, nav.get_by_role("link", name="Zmiany i decyzje CAS"))
    assert page.get_by_role("table").inner_text().count("czeka na akceptację CAS") == 2

    public = visit.another_person()
    public.goto("/wolontariat/organizacje/fundacja-zielony-sosnowiec/")
    assert "łąki kwietne" not in public.page.get_by_role("main").inner_text()
    public.goto(f"/wolontariat/oferty/{offer.pk}/")
    assert "gramy w szachy" not in public.page.get_by_role("main").inner_text()

    # 4. Koordynacja approves both in the admin; the public pages change.
    admin.review(organisation, "Akceptuj")
    admin.review(offer, "Akceptuj z komentarzem", comment="Dziękujemy, szachy to świetny pomysł.")

    public.goto("/wolontariat/organizacje/fundacja-zielony-sosnowiec/")
    assert "Sadzimy drzewa i łąki kwietne." in public.page.get_by_role("main").inner_text()
    public.goto(f"/wolontariat/oferty/{offer.pk}/")
    assert "gramy w szachy" in public.page.get_by_role("main").inner_text()

    visit.goto(f"/partnerzy/{organisation.pk}/zmiany/")
    changes = page.get_by_role("table").inner_text()
    assert changes.count("zaakceptowana i opublikowana") == 2
    assert "Dziękujemy, szachy to świetny pomysł." in changes

    # 5. Later she signs in again (password, then a code from the app) and answers the application:
    # the applicant's contact (one audit entry), accepted with a message.
    follow(visit, page.get_by_role("button", name="Wyloguj się"))
    visit.goto("/partnerzy/")
    page.get_by_label("E-mail").fill(MANAGER_EMAIL)
    page.get_by_label("Hasło").fill("Dęby-i-Łąki-2026")
    follow(visit, page.get_by_role("button", name="Zaloguj się"))
    assert "/partnerzy/drugi-skladnik/" in page.url
    page.get_by_label("Kod z aplikacji").fill(app.code())
    follow(visit, page.get_by_role("button", name="Dalej"))
    assert page.url == f"{live_server.url}/partnerzy/{organisation.pk}/"
    follow(visit, nav.get_by_role("link", name="Zgłoszenia", exact=True))
    assert "Pomoc w świetlicy" in page.get_by_role("table").inner_text()
    follow(visit, page.get_by_role("link", name="Ala"))
    assert page.url.endswith(f"/zgloszenia/{application.pk}/")
    main = page.get_by_role("main").inner_text()
    assert "ala@example.org" in main and "Mam własne rękawice." in main
    assert ApplicantDataAccess.objects.filter(application=application).count() == 1

    mail.outbox.clear()
    page.get_by_label("przyjęte").check()
    answer = "Zapraszamy w sobotę o 10 do świetlicy."
    page.get_by_label("Wiadomość do wolontariusza (opcjonalnie)").fill(answer)
    follow(visit, page.get_by_role("button", name="Zapisz i powiadom wolontariusza"))
    assert "Zapisano status „przyjęte”" in page.get_by_role("status").inner_text()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    (email,) = [m for m in mail.outbox if m.to == ["ala@example.org"]]
    assert answer in email.body

    # 6. A youth project proposed to CAS; Koordynacja accepts it with a comment.
    follow(visit, nav.get_by_role("link", name="Projekty młodzieżowe"))
    follow(visit, page.get_by_role("link", name="Zaproponuj projekt"))
    page.get_by_label("Tytuł projektu").fill("Letnia akademia liderów")
    page.get_by_label("Opis").fill("Tydzień warsztatów dla młodzieży z Pogoni.")
    page.get_by_label("Wiek uczestników od").fill("14")
    page.get_by_label("Wiek uczestników do").fill("18")
    page.get_by_label("sala").check()
    page.get_by_label("mentoring").check()
    follow(visit, page.get_by_role("button", name="Wyślij propozycję do CAS"))
    project = YouthProject.objects.get()
    assert page.url.endswith(f"/partnerzy/{organisation.pk}/projekty/{project.pk}/")
    assert project.status == ProjectStatus.SUBMITTED and project.needs == ["sala", "mentoring"]
    assert "zgłoszony" in page.get_by_role("main").inner_text()

    admin.page.goto(f"{live_server.url}/admin/volunteers/youthproject/decide/{project.pk}/")
    assert_our_part_accessible(admin.page)
    admin.page.get_by_label("przyjmij projekt").check()
    admin.page.get_by_label("Komentarz dla organizacji").fill("Chętnie pomożemy: sala 2 jest Wasza.")
    admin.page.locator("#main form button[type=submit]").click()
    admin.page.wait_for_url(f"**/admin/volunteers/youthproject/inspect/{project.pk}/")
    admin.close()
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED

    page.reload()
    visit.scan()
    main = page.get_by_role("main").inner_text()
    assert "przyjęty" in main and "Chętnie pomożemy: sala 2 jest Wasza." in main
    assert "Powiązane przez CAS" in main
