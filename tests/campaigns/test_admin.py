import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents import get_document_model

from campaigns.models import SchoolRequest
from campaigns.services import record_material_download, record_pack_download
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

REGISTER = "/admin/campaigns/schoolrequest/"
REPORT = "/admin/reports/kampanie/"


@pytest.fixture
def school_request(campaign_index):
    campaign = make_campaign(campaign_index)
    return SchoolRequest.objects.create(
        reference="CAS-2026-0042",
        campaign=campaign,
        school_name="Liceum im. Przykładowe",
        contact_name="Jan Testowy",
        email="jan@example.org",
        class_level="ponadpodstawowa",
        pupils=30,
    )


def grant_admin_access(user):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))


def test_editors_cannot_open_school_requests(client, editor_user, school_request):
    grant_admin_access(editor_user)
    client.force_login(editor_user)
    for url in [REGISTER, f"{REGISTER}inspect/{school_request.pk}/", f"{REGISTER}edit/{school_request.pk}/"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert "Jan Testowy" not in client.get(REGISTER, follow=True).content.decode()


def test_coordinators_process_and_export_school_requests(client, coordinator_user, school_request):
    grant_admin_access(coordinator_user)
    client.force_login(coordinator_user)
    index = client.get(REGISTER, {"q": "Liceum"})
    assert index.status_code == 200
    assert "CAS-2026-0042" in index.content.decode()
    assert client.get(REGISTER, {"status__exact": "new"}).status_code == 200
    filtered = client.get(REGISTER, {"campaign": school_request.campaign_id})
    assert "CAS-2026-0042" in filtered.content.decode()
    assert client.get(f"{REGISTER}inspect/{school_request.pk}/").status_code == 200
    export = client.get(REGISTER, {"export": "csv"})
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "jan@example.org" in content and "CAS-2026-0042" in content

    form = client.get(f"{REGISTER}edit/{school_request.pk}/")
    assert form.status_code == 200
    assert "umówione" in form.content.decode()


def test_impact_report_counts_downloads_and_requests_in_period(client, editor_user, school_request):
    grant_admin_access(editor_user)
    client.force_login(editor_user)
    campaign = school_request.campaign
    from campaigns.models import CampaignMaterial
    from tests.factories import make_document

    material = CampaignMaterial.objects.create(
        page=campaign, title="Karta pracy", document=make_document(), kind="karta-pracy"
    )
    for _ in range(3):
        record_material_download(material.pk)
    record_pack_download(campaign.pk)
    today = timezone.localdate()
    response = client.get(REPORT, {"date_from": today - datetime.timedelta(days=7), "date_to": today})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Karta pracy: 3" in html
    csv = client.get(REPORT, {"date_from": today, "date_to": today, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Bezpieczny internet,(razem),3,1" in text
    assert "Bezpieczny internet,paczka ZIP,1," in text
    assert "Bezpieczny internet,Karta pracy,3," in text
    xlsx = client.get(REPORT, {"date_from": today, "date_to": today, "format": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert ["Bezpieczny internet", "Karta pracy", 3, None] in [
        list(r) for r in sheet.iter_rows(values_only=True)
    ]
    old = client.get(REPORT, {"date_from": "2020-01-01", "date_to": "2020-01-31", "format": "csv"})
    assert "Bezpieczny internet,(razem),0,0" in old.content.decode("utf-8-sig")


def test_impact_report_needs_permission(client, workshop_staff_user):
    grant_admin_access(workshop_staff_user)
    client.force_login(workshop_staff_user)
    assert client.get(REPORT).status_code in (302, 403)


@pytest.fixture
def admin_client_pl(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "haslo-testowe-123")
    client.force_login(admin)
    return client


def test_upload_with_bad_extension_gets_polish_error(admin_client_pl):
    response = admin_client_pl.post(
        "/admin/documents/add/",
        {"title": "Wirus", "file": SimpleUploadedFile("wirus.exe", b"MZ..."), "collection": 1},
    )
    assert response.status_code == 200
    assert "Pliki z rozszerzeniem „.exe” nie są przyjmowane" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_oversized_upload_gets_polish_error(admin_client_pl, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = admin_client_pl.post(
        "/admin/documents/add/",
        {
            "title": "Duży plik",
            "file": SimpleUploadedFile("duzy.pdf", b"%PDF" + b"0" * 2048),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert (
        "Ten plik jest za duży (2,0\xa0KB). Największy dozwolony rozmiar pliku to 1,0\xa0KB."
        in response.content.decode()
    )
    assert not get_document_model().objects.exists()


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_upload_of_allowed_pdf_works(admin_client_pl):
    response = admin_client_pl.post(
        "/admin/documents/add/",
        {"title": "Plakat", "file": SimpleUploadedFile("plakat.pdf", MINIMAL_PDF), "collection": 1},
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().file_size == len(MINIMAL_PDF)


def test_editors_edit_topics_and_see_the_report(client, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/snippets/campaigns/campaigntopic/").status_code == 200
    response = client.post(
        "/admin/snippets/campaigns/campaigntopic/add/", {"name": "Zdrowie", "slug": "zdrowie"}
    )
    assert response.status_code == 302
    assert client.get(REPORT).status_code == 200
    assert "Raport kampanii" in client.get("/admin/").content.decode()
