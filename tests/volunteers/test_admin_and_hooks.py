"""Admin (snippets under "Wolontariat", roles), and the site-wide hooks: home, search, sitemap."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import WAGTAIL_RENDITION_LEAK, days, make_logo, make_opportunity, make_organisation
from volunteers.models import Opportunity, Organisation

pytestmark = pytest.mark.django_db

ORGANISATIONS_ADMIN = "/admin/snippets/volunteers/organisation/"
OPPORTUNITIES_ADMIN = "/admin/snippets/volunteers/opportunity/"


@pytest.mark.parametrize("group", ["Redakcja", "Koordynacja wolontariatu"])
def test_roles_can_manage_the_directory(group):
    permissions = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
    for model in ("organisation", "opportunity"):
        assert {
            f"add_{model}",
            f"change_{model}",
            f"delete_{model}",
            f"publish_{model}",
            f"lock_{model}",
        } <= permissions
    for model in ("skill", "area"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= permissions


def test_workshop_staff_cannot_edit_the_directory(client, workshop_staff_user):
    client.force_login(workshop_staff_user)
    assert client.get(ORGANISATIONS_ADMIN).status_code in (302, 403)


def test_editor_lists_filters_searches_and_exports_organisations(client, editor_user, district):
    make_organisation("Fundacja Zielona", district=district, krs="0000123456")
    make_organisation("Klub Seniora")
    client.force_login(editor_user)
    response = client.get(ORGANISATIONS_ADMIN)
    assert response.status_code == 200
    assert "Fundacja Zielona" in response.content.decode()
    filtered = client.get(ORGANISATIONS_ADMIN, {"district": district.pk}).content.decode()
    assert "Fundacja Zielona" in filtered and "Klub Seniora" not in filtered
    searched = client.get(ORGANISATIONS_ADMIN, {"q": "Seniora"}).content.decode()
    assert "Klub Seniora" in searched and "Fundacja Zielona" not in searched
    export = client.get(ORGANISATIONS_ADMIN, {"export": "csv"})
    assert export.status_code == 200
    csv_text = b"".join(export.streaming_content).decode()
    assert "0000123456" in csv_text and "Klub Seniora" in csv_text


def test_editor_creates_a_draft_then_publishes_an_opportunity(client, editor_user):
    organisation = make_organisation("Fundacja Zielona")
    client.force_login(editor_user)
    data = {
        "organisation": organisation.pk,
        "title": "Sadzenie drzew",
        "description": "Posadzimy lipy.",
        "skills": [],
        "areas": [],
        "district": "",
        "min_age": "13",
        "places": "",
        "commitment": "jednorazowo",
        "hours": "",
        "starts_on": "",
        "ends_on": "",
        "application_deadline": "",
        "benefits": ["zaswiadczenie", "szkolenie"],
        "requirements": "",
    }
    response = client.post(f"{OPPORTUNITIES_ADMIN}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    opportunity = Opportunity.objects.get(title="Sadzenie drzew")
    assert not opportunity.live
    assert opportunity not in Opportunity.objects.open()
    response = client.post(
        f"{OPPORTUNITIES_ADMIN}edit/{opportunity.pk}/", {**data, "action-publish": "publish"}
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.live and opportunity.benefits == ["zaswiadczenie", "szkolenie"]
    assert opportunity in Opportunity.objects.open()


@WAGTAIL_RENDITION_LEAK
def test_admin_requires_logo_alt_text(client, editor_user):
    client.force_login(editor_user)
    logo = make_logo()
    response = client.post(
        f"{ORGANISATIONS_ADMIN}add/",
        {"name": "Fundacja", "slug": "fundacja", "krs": "", "logo": logo.pk, "logo_alt": "", "areas": []},
    )
    assert response.status_code == 200
    assert "Podaj tekst alternatywny logo." in response.content.decode()
    assert not Organisation.objects.exists()


def test_home_page_shows_open_opportunities(client, home_page):
    make_opportunity(title="Spacery z psami")
    make_opportunity(title="Zakończona akcja", ends_on=days(-1))
    html = client.get("/").content.decode()
    assert "Wolontariat: otwarte oferty" in html
    assert "Spacery z psami" in html and "Zakończona akcja" not in html


def test_home_page_has_no_section_without_open_opportunities(client, home_page):
    assert "Wolontariat: otwarte oferty" not in client.get("/").content.decode()


def test_site_search_finds_organisations_and_open_opportunities(client, home_page):
    make_organisation("Stowarzyszenie Przyjaciel z Klatki", slug="klatka")
    make_organisation("Fundacja Przyjaciel w Szkicu", slug="szkic", live=False)
    make_opportunity(title="Spacery z psami dla przyjaciół")
    make_opportunity(title="Stare spacery z psami", ends_on=days(-1))
    html = client.get("/szukaj/", {"q": "Przyjaciel"}).content.decode()
    assert "Stowarzyszenie Przyjaciel z Klatki" in html
    assert "Fundacja Przyjaciel w Szkicu" not in html
    html = client.get("/szukaj/", {"q": "spacery"}).content.decode()
    assert "Spacery z psami dla przyjaciół" in html and "Stare spacery" not in html


def test_sitemap_lists_live_organisations_and_open_opportunities(client, home_page):
    organisation = make_organisation(slug="zielona")
    make_organisation(slug="szkic", live=False)
    open_one = make_opportunity(organisation)
    closed = make_opportunity(organisation, ends_on=days(-1))
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/wolontariat/" in xml
    assert "/wolontariat/organizacje/zielona/" in xml
    assert "/wolontariat/organizacje/szkic/" not in xml
    assert f"/wolontariat/oferty/{open_one.pk}/" in xml
    assert f"/wolontariat/oferty/{closed.pk}/" not in xml


@WAGTAIL_RENDITION_LEAK
def test_demo_seed_is_idempotent_and_has_one_expired_offer(home_page):
    from volunteers.seed import seed

    seed(io.StringIO())
    seed(io.StringIO())
    assert Organisation.objects.count() == 12
    assert Opportunity.objects.count() == 20
    assert Opportunity.objects.open().count() == 19
    assert Opportunity.objects.filter(min_age=13).count() >= 3
    assert Opportunity.objects.filter(remote=True).count() >= 3
    assert Organisation.objects.filter(krs="").count() == 2  # a school and a parish
    for organisation in Organisation.objects.all():
        organisation.full_clean()


def test_seed_demo_command_runs(home_page):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "oferty wolontariatu: 20" in out.getvalue()


@pytest.mark.parametrize("model", ["organisation", "opportunity", "skill", "area"])
def test_coordinator_opens_every_directory_admin_view(client, coordinator_user, model):
    client.force_login(coordinator_user)
    assert client.get(f"/admin/snippets/volunteers/{model}/").status_code == 200
    assert client.get(f"/admin/snippets/volunteers/{model}/add/").status_code == 200


def test_admin_filters_on_areas_and_skills_and_searches_vocabularies(client, editor_user):
    make_organisation("Fundacja Zielona", areas=["ekologia"])
    make_organisation("Klub Seniora", areas=["seniorzy"])
    make_opportunity(title="Grafika", skills=["grafika"])
    make_opportunity(title="Sport", skills=["sport"])
    client.force_login(editor_user)
    from volunteers.models import Area, Skill

    html = client.get(ORGANISATIONS_ADMIN, {"areas": Area.objects.get(slug="ekologia").pk}).content.decode()
    assert "Fundacja Zielona" in html and "Klub Seniora" not in html
    html = client.get(OPPORTUNITIES_ADMIN, {"skills": Skill.objects.get(slug="sport").pk}).content.decode()
    assert "Sport" in html and "Grafika</a>" not in html
    html = client.get("/admin/snippets/volunteers/skill/", {"q": "Fotografia"}).content.decode()
    assert "Fotografia i wideo" in html and "Ogrodnictwo" not in html


def test_wolontariat_menu_groups_the_directory(client, editor_user):
    client.force_login(editor_user)
    html = client.get("/admin/").content.decode()
    assert "Wolontariat" in html


def test_other_apps_list_related_content_on_the_organisation_page(client, home_page):
    from wagtail import hooks

    from home.registry import SearchResult
    from volunteers.registry import ORGANISATION_RELATED_HOOK

    organisation = make_organisation(slug="zielona")

    def campaigns_of(request, org):
        return [SearchResult("Kampania Czyste Powietrze", "/kampanie/czyste-powietrze/", kind="kampania")]

    html = client.get("/wolontariat/organizacje/zielona/").content.decode()
    assert "Współpraca z CAS" not in html
    with hooks.register_temporarily(ORGANISATION_RELATED_HOOK, campaigns_of):
        html = client.get("/wolontariat/organizacje/zielona/").content.decode()
    assert "Współpraca z CAS" in html
    assert '<a href="/kampanie/czyste-powietrze/">Kampania Czyste Powietrze</a>' in html
    assert organisation.slug == "zielona"
