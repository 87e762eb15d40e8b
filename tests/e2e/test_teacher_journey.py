"""A teacher finds a campaign for klasy 4–8, downloads one material and the whole pack
(the files are checked), and asks CAS to run the campaign in the school."""

import io
import zipfile

import pytest
from django.core import mail

from campaigns.models import MaterialDownload, SchoolRequest
from tests.factories import make_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

POSTER = b"%PDF-1.4\n% plakat kampanii\n"
WORKSHEET = b"%PDF-1.4\n% karta pracy\n"


@pytest.fixture
def campaigns(home_page):
    from campaigns.models import CampaignIndexPage

    index = home_page.add_child(
        instance=CampaignIndexPage(title="Kampanie", slug="kampanie", show_in_menus=True)
    )
    make_campaign(index, "Dorośli w sieci", slug="dorosli-w-sieci", audiences=["dorosli"])
    return make_campaign(
        index,
        "Bezpieczny internet",
        slug="bezpieczny-internet",
        audiences=["klasy-4-8"],
        materials=[("Plakat", POSTER, "plakat.pdf"), ("Karta pracy", WORKSHEET, "karta.pdf")],
    )


def test_teacher_downloads_materials_and_asks_for_the_campaign(visit, campaigns):
    page = visit.page
    visit.goto("/")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Kampanie").click()
    visit.scan()
    page.get_by_label("Dla kogo").select_option(label="klasy 4–8")
    page.get_by_role("button", name="Filtruj").click()
    visit.scan()
    assert page.get_by_role("link", name="Dorośli w sieci").count() == 0
    page.get_by_role("link", name="Bezpieczny internet").first.click()
    visit.scan()

    # PDFs open in the browser's own viewer, so the file is fetched as the link would.
    href = page.get_by_role("link", name="Karta pracy").get_attribute("href")
    response = page.request.get(visit.base_url + href)
    assert response.ok and response.body() == WORKSHEET
    assert sum(d.count for d in MaterialDownload.objects.all()) == 1

    with page.expect_download() as pack:
        page.get_by_role("link", name="Pobierz wszystkie materiały").click()
    assert pack.value.suggested_filename == "bezpieczny-internet-materialy.zip"
    with open(pack.value.path(), "rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        contents = sorted(archive.read(name) for name in archive.namelist())
    assert contents == sorted([POSTER, WORKSHEET])

    page.get_by_label("Nazwa szkoły").fill("Szkoła Podstawowa nr 7 w Sosnowcu")
    page.get_by_label("Osoba kontaktowa").fill("Anna Kowalska")
    page.locator("#id_email").fill("a.kowalska@example.org")
    page.get_by_label("klasy 4–8").check()
    page.get_by_label("Liczba uczniów").fill("26")
    page.get_by_label("Zgadzam się na przetwarzanie").check()
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    visit.scan()
    request = SchoolRequest.objects.get()
    assert request.school_name == "Szkoła Podstawowa nr 7 w Sosnowcu"
    assert page.get_by_text(request.reference).first.is_visible()
    assert any("a.kowalska@example.org" in m.to and request.reference in m.body for m in mail.outbox)
