import gc
import io
import zipfile

import pytest
import segno
from wagtail.models import Collection, CollectionViewRestriction

from campaigns.models import CampaignMaterial, MaterialDownload, MaterialPack
from campaigns.services import ascii_slug, current_pack, pack_filename
from tests.factories import make_campaign, make_document

pytestmark = pytest.mark.django_db

POSTER = b"%PDF-1.4\n% plakat\n" + bytes(range(256)) * 10
LESSON = b"%PDF-1.4\n% scenariusz\n" + b"lekcja " * 500


@pytest.fixture
def campaign(campaign_index):
    return make_campaign(
        campaign_index,
        materials=[
            ("Plakat: Hasła są jak szczoteczki", POSTER, "plakat.pdf"),
            ("Scenariusz lekcji", LESSON, "s.pdf"),
        ],
    )


def total_downloads(material):
    return sum(MaterialDownload.objects.filter(material=material).values_list("count", flat=True))


def streamed(response):
    """The body; reading it to the end lets the test client close the response and file
    (calling ``close()`` ourselves would also close the test's database connection)."""
    return b"".join(response.streaming_content)


def test_material_download_serves_the_file_and_counts(client, campaign):
    material = campaign.materials.first()
    url = f"/kampanie/{campaign.slug}/materialy/{material.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert streamed(response) == POSTER
    assert "plakat.pdf" in response["Content-Disposition"]
    streamed(client.get(url))
    assert total_downloads(material) == 2


def test_material_download_via_storage_redirect_is_counted(client, campaign, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    material = campaign.materials.first()
    response = client.get(f"/kampanie/{campaign.slug}/materialy/{material.pk}/")
    assert response.status_code == 302
    assert response["Location"] == material.document.file.url
    assert total_downloads(material) == 1


def test_material_download_keeps_document_privacy(client, campaign):
    material = campaign.materials.first()
    private = Collection.get_first_root_node().add_child(name="Wewnętrzne")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    material.document.collection = private
    material.document.save()
    response = client.get(f"/kampanie/{campaign.slug}/materialy/{material.pk}/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert total_downloads(material) == 0
    pack = client.get(f"/kampanie/{campaign.slug}/materialy.zip")
    assert zipfile.ZipFile(io.BytesIO(streamed(pack))).namelist() == ["01-scenariusz-lekcji.pdf"]


def test_material_of_another_campaign_is_404(client, campaign, campaign_index):
    other = make_campaign(campaign_index, "Inna kampania", materials=[("X", b"x", "x.pdf")])
    material = other.materials.first()
    assert client.get(f"/kampanie/{campaign.slug}/materialy/{material.pk}/").status_code == 404


def test_pack_holds_exactly_the_current_materials(client, campaign):
    response = client.get(f"/kampanie/{campaign.slug}/materialy.zip")
    assert response.status_code == 200
    body = streamed(response)
    assert response["Content-Type"] == "application/zip"
    assert int(response["Content-Length"]) == len(body)
    assert response["Content-Disposition"] == 'attachment; filename="bezpieczny-internet-materialy.zip"'
    assert response["ETag"].strip('"') == MaterialPack.objects.get(campaign=campaign).fingerprint
    assert "public" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.namelist() == ["01-plakat-hasla-sa-jak-szczoteczki.pdf", "02-scenariusz-lekcji.pdf"]
    assert archive.read("01-plakat-hasla-sa-jak-szczoteczki.pdf") == POSTER
    assert archive.read("02-scenariusz-lekcji.pdf") == LESSON

    again = client.get(f"/kampanie/{campaign.slug}/materialy.zip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_repeat_pack_download_is_looked_up_once_and_still_counted_and_checked(
    client, campaign, settings, django_assert_max_num_queries
):
    from campaigns.models import PackDownload

    settings.CAS_RESPONSE_CACHE_SECONDS = 60
    url = f"/kampanie/{campaign.slug}/materialy.zip"
    first = streamed(client.get(url))  # builds the pack (a content change)
    streamed(client.get(url))  # remembers what a download needs
    with django_assert_max_num_queries(4):  # the counting upsert only
        response = client.get(url)
        assert streamed(response) == first
    assert response["Content-Disposition"] == 'attachment; filename="bezpieczny-internet-materialy.zip"'
    assert sum(PackDownload.objects.filter(campaign=campaign).values_list("count", flat=True)) == 3

    # A changed material is in the next download, not the remembered pack.
    material = campaign.materials.first()
    material.title = "Plakat po zmianie"
    material.save()
    names = zipfile.ZipFile(io.BytesIO(streamed(client.get(url)))).namelist()
    assert names[0] == "01-plakat-po-zmianie.pdf"

    # Made private: gone from the next download at once, though the pack was remembered.
    private = Collection.get_first_root_node().add_child(name="Wewnętrzne")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    material.document.collection = private
    material.document.save()
    names = zipfile.ZipFile(io.BytesIO(streamed(client.get(url)))).namelist()
    assert names == ["01-scenariusz-lekcji.pdf"]

    # Unpublished: gone.
    material.document.collection = Collection.get_first_root_node()
    material.document.save()
    campaign.unpublish()
    assert client.get(url).status_code == 404


def test_pack_whose_file_vanished_is_rebuilt_and_served(client, campaign):
    """A rebuild elsewhere deletes the old file after its commit; a download that had looked
    the pack up just before must still get a ZIP, not an error."""
    url = f"/kampanie/{campaign.slug}/materialy.zip"
    first = streamed(client.get(url))
    pack = MaterialPack.objects.get(campaign=campaign)
    pack.file.storage.delete(pack.file.name)

    response = client.get(url)
    assert response.status_code == 200
    assert streamed(response) == first


def test_pack_download_that_fails_to_be_counted_leaves_no_file_open(client, campaign, monkeypatch):
    """The count can fail (a deadlock, the database going away); the opened ZIP must not
    stay open until the garbage collector finds it."""
    from campaigns import services

    url = f"/kampanie/{campaign.slug}/materialy.zip"
    streamed(client.get(url))

    def failing_count(_campaign_id):
        raise RuntimeError("the count failed")

    monkeypatch.setattr(services, "record_pack_download", failing_count)
    with pytest.raises(RuntimeError):
        client.get(url)
    gc.collect()  # an unclosed handle would be reported here (ResourceWarning is an error)


def test_pack_is_built_once_and_rebuilt_after_a_change(campaign):
    pack = current_pack(campaign)
    built_at, name = pack.built_at, pack.file.name
    assert current_pack(campaign).built_at == built_at  # unchanged materials: no rebuild

    material = CampaignMaterial.objects.get(page=campaign, title="Scenariusz lekcji")
    material.document = make_document("Nowa wersja", b"%PDF-1.4 nowa wersja", "nowa.pdf")
    material.save()
    rebuilt = current_pack(campaign)
    assert rebuilt.built_at > built_at
    assert rebuilt.file.name != name
    archive = zipfile.ZipFile(rebuilt.file.open("rb"))
    assert archive.read("02-scenariusz-lekcji.pdf") == b"%PDF-1.4 nowa wersja"
    rebuilt.file.close()

    material.title = "Scenariusz zajęć"
    material.save()
    renamed = current_pack(campaign)
    with zipfile.ZipFile(renamed.file.open("rb")) as archive:
        assert archive.namelist()[1] == "02-scenariusz-zajec.pdf"
    renamed.file.close()


def test_page_shows_pack_size(client, campaign):
    html = client.get(f"/kampanie/{campaign.slug}/").content.decode()
    pack = MaterialPack.objects.get(campaign=campaign)
    from django.template.defaultfilters import filesizeformat

    assert f"Pobierz wszystkie materiały (ZIP, {filesizeformat(pack.size)})" in html


def test_ascii_names_are_transliterated():
    assert ascii_slug("Łódź – żółć, gęś!") == "lodz-zolc-ges"
    assert ascii_slug("Безпечний інтернет") == "bezpechnyi-internet"
    assert ascii_slug("???") == "plik"


def test_pack_filename_from_unicode_slug(campaign):
    campaign.slug = "ekologia-w-mieście"
    assert pack_filename(campaign) == "ekologia-w-miescie-materialy.zip"


@pytest.mark.parametrize("kind,content_type", [("svg", "image/svg+xml"), ("png", "image/png")])
def test_qr_code_encodes_the_campaign_url(client, campaign, kind, content_type):
    response = client.get(f"/kampanie/{campaign.slug}/qr.{kind}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    url = "http://testserver/kampanie/bezpieczny-internet/"
    expected = io.BytesIO()
    if kind == "svg":
        segno.make(url, error="m").save(
            expected, kind="svg", scale=8, border=4, title=campaign.title, xmldecl=False
        )
    else:
        segno.make(url, error="m").save(expected, kind="png", scale=10, border=4)
    assert response.content == expected.getvalue()
    other = io.BytesIO()
    segno.make(url + "x", error="m").save(other, kind="png", scale=10, border=4)
    assert response.content != other.getvalue() or kind == "svg"


def test_qr_matrix_is_that_of_the_full_page_url(rf, campaign):
    from campaigns.views import campaign_qr

    request = rf.get("/")
    qr = campaign_qr(campaign, request)
    assert qr.matrix == segno.make("http://testserver/kampanie/bezpieczny-internet/", error="m").matrix


def test_qr_of_unknown_campaign_is_404(client, campaign_index):
    assert client.get("/kampanie/nie-ma/qr.svg").status_code == 404
    assert client.get("/kampanie/nie-ma/qr.gif").status_code == 404


def test_deleting_a_campaign_deletes_its_pack_file(campaign, django_capture_on_commit_callbacks):
    pack = current_pack(campaign)
    storage, name = pack.file.storage, pack.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        campaign.delete()
    assert not storage.exists(name)


def test_build_material_packs_command(campaign, campaign_index):
    from django.core.management import call_command

    make_campaign(campaign_index, "Bez materiałów", slug="bez-materialow")
    out = io.StringIO()
    call_command("build_material_packs", stdout=out)
    first = MaterialPack.objects.get(campaign=campaign).built_at
    assert "bez-materialow: brak materiałów" in out.getvalue()
    call_command("build_material_packs", stdout=io.StringIO())
    assert MaterialPack.objects.get(campaign=campaign).built_at == first
    call_command("build_material_packs", "--force", stdout=io.StringIO())
    assert MaterialPack.objects.get(campaign=campaign).built_at > first
