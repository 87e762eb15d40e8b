"""An organisation's new manager, as a new user in a real browser: opens the e-mailed invitation,
sets a password and the second factor, edits the profile and an offer; Koordynacja approves both
(the workflow task, as its admin button does) and the public pages change. Every page is scanned
(axe, page weight)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import WorkflowState

from home.roles import VOLUNTEER_COORDINATORS
from tests.factories import make_opportunity, make_organisation, totp_code
from volunteers.partners import services as partner_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def approve(obj, coordinator):
    task_state = WorkflowState.objects.for_instance(obj).get(status="in_progress").current_task_state
    task_state.specific.approve(user=coordinator)


def test_a_new_manager_edits_the_profile_and_an_offer_and_cas_approves(
    visit, home_page, django_user_model, settings
):
    organisation = make_organisation(
        "Fundacja Zielony Sosnowiec", slug="fundacja-zielony-sosnowiec", description="Sadzimy drzewa."
    )
    offer = make_opportunity(organisation, "Pomoc w świetlicy", description="Odrabiamy lekcje.")
    coordinator = django_user_model.objects.create_user(
        "koordynatorka-e2e", "koordynacja@cas.example.org", "x"
    )
    coordinator.groups.add(Group.objects.get(name=VOLUNTEER_COORDINATORS))
    partner_services.invite(organisation, "ola@zielony.example.org", "manager", by=coordinator)
    (message,) = [m for m in mail.outbox if m.to == ["ola@zielony.example.org"]]
    link = re.search(r"/partnerzy/zaproszenie/\?token=[\w-]+", message.body).group(0)

    page = visit.page
    visit.goto(link)
    page.get_by_label("Imię").fill("Ola")
    page.get_by_label("Nazwisko").fill("Zielińska")
    page.locator("#id_password1").fill("Dęby-i-Łąki-2026")
    page.get_by_label("Powtórz hasło").fill("Dęby-i-Łąki-2026")
    page.get_by_role("button", name="Załóż konto i dołącz").click()
    visit.scan()  # the second factor's enrolment comes first
    device = TOTPDevice.objects.get(user__email="ola@zielony.example.org", confirmed=False)
    page.get_by_label("Kod z aplikacji").fill(totp_code(device))
    page.get_by_role("button", name="Potwierdź").click()
    visit.scan()

    page.get_by_role("navigation", name="Portal organizacji").get_by_role(
        "link", name="Profil organizacji"
    ).click()
    visit.scan()
    page.get_by_label("Opis").fill("Sadzimy drzewa i łąki kwietne.")
    page.get_by_role("button", name="Wyślij zmianę do CAS").click()
    visit.scan()
    assert "czeka na akceptację CAS" in page.get_by_role("main").inner_text()

    page.get_by_role("navigation", name="Portal organizacji").get_by_role("link", name="Oferty").click()
    visit.scan()
    page.get_by_role("link", name="Edytuj ofertę „Pomoc w świetlicy”").click()
    visit.scan()
    page.get_by_label("Opis").fill("Odrabiamy lekcje i gramy w szachy.")
    page.get_by_role("button", name="Wyślij do CAS").click()
    visit.scan()

    public = visit.another_person()
    public.goto("/wolontariat/organizacje/fundacja-zielony-sosnowiec/")
    assert "łąki kwietne" not in public.page.get_by_role("main").inner_text()

    approve(organisation, coordinator)
    approve(offer, coordinator)

    public.goto("/wolontariat/organizacje/fundacja-zielony-sosnowiec/")
    assert "Sadzimy drzewa i łąki kwietne." in public.page.get_by_role("main").inner_text()
    public.goto(f"/wolontariat/oferty/{offer.pk}/")
    assert "gramy w szachy" in public.page.get_by_role("main").inner_text()

    page.get_by_role("navigation", name="Portal organizacji").get_by_role(
        "link", name="Zmiany i decyzje CAS"
    ).click()
    visit.scan()
    assert page.get_by_role("main").inner_text().count("zaakceptowana i opublikowana") == 2
