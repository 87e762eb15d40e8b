import datetime
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_campaign, make_image

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"


def test_campaign_page_renders_materials_pack_link_qr_and_form(client, campaign_index):
    campaign = make_campaign(
        campaign_index,
        materials=[
            ("Plakat o hasłach", PDF + b"a", "plakat.pdf"),
            ("Scenariusz lekcji", PDF + b"bb", "scen.pdf"),
        ],
    )
    response = client.get("/kampanie/bezpieczny-internet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plakat o hasłach" in html
    assert "Scenariusz lekcji" in html
    assert f"/kampanie/bezpieczny-internet/materialy/{campaign.materials.first().pk}/" in html
    assert 'href="/kampanie/bezpieczny-internet/materialy.zip"' in html
    assert "Pobierz wszystkie materiały (ZIP," in html
    assert "/kampanie/bezpieczny-internet/qr.svg" in html
    assert 'name="school_name"' in html
    assert "klasy 4–8" in html


def test_index_filters_by_audience_topic_status_and_search(client, campaign_index, topic):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_campaign(campaign_index, "Bezpieczny internet", audiences=["klasy-4-8"], topics=[topic])
    make_campaign(campaign_index, "Ekologia w mieście", audiences=["rodzice"])
    make_campaign(campaign_index, "Stara kampania", audiences=["klasy-1-3"], ends_on=yesterday)

    def titles(**params):
        html = client.get("/kampanie/", params).content.decode()
        return {t for t in ["Bezpieczny internet", "Ekologia w mieście", "Stara kampania"] if t in html}

    assert titles() == {"Bezpieczny internet", "Ekologia w mieście", "Stara kampania"}
    assert titles(audience="rodzice") == {"Ekologia w mieście"}
    assert titles(topic="bezpieczenstwo") == {"Bezpieczny internet"}
    assert titles(status="archiwalne") == {"Stara kampania"}
    assert titles(status="aktualne") == {"Bezpieczny internet", "Ekologia w mieście"}
    assert titles(q="ekolog") == {"Ekologia w mieście"}
    response = client.get("/kampanie/", {"audience": "kosmici", "q": "ekolog"})
    assert response.status_code == 200
    assert "Wybierz poprawną wartość" in response.content.decode()
    assert titles(audience="kosmici", q="ekolog") == {"Ekologia w mieście"}


def test_index_paginates(client, campaign_index):
    for i in range(15):
        make_campaign(campaign_index, f"Kampania {i:02d}")
    first = client.get("/kampanie/").content.decode()
    second = client.get("/kampanie/", {"strona": 2}).content.decode()
    assert first.count('<article class="card">') == 12
    assert second.count('<article class="card">') == 3
    assert "Strona 2 z 2" in second


def index_queries(client):
    client.get("/kampanie/")  # warm caches and renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/kampanie/").status_code == 200
    return len(queries)


# Wagtail's rendition generator leaves a SpooledTemporaryFile for the garbage collector
# (wagtail/images/models.py, generate_rendition_file); collect it inside the test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_index_query_count_is_constant(client, campaign_index, topic, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 0  # the cost of rendering, not of a cache hit
    image = make_image()
    for i in range(5):
        make_campaign(campaign_index, f"Kampania {i}", image=image, topics=[topic])
    small = index_queries(client)
    for i in range(5, 50):
        make_campaign(campaign_index, f"Kampania {i}", image=image, topics=[topic])
    assert index_queries(client) == small
    gc.collect()


def test_home_page_shows_current_campaigns_only(client, campaign_index):
    assert "Aktualne kampanie dla szkół" not in client.get("/").content.decode()
    make_campaign(campaign_index, "Wolontariat w szkole")
    make_campaign(campaign_index, "Dawna akcja", ends_on=timezone.localdate() - datetime.timedelta(days=3))
    html = client.get("/").content.decode()
    assert "Aktualne kampanie dla szkół" in html
    assert "Wolontariat w szkole" in html
    assert "Dawna akcja" not in html


def test_hero_image_needs_alt_text(campaign_index):
    from django.core.exceptions import ValidationError

    from campaigns.models import CampaignPage

    page = CampaignPage(title="X", slug="x", hero_image=make_image())
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "hero_image_alt" in error.value.message_dict


def test_campaign_page_in_english_and_ukrainian(client, campaign_index):
    make_campaign(campaign_index, materials=[("Plakat", PDF, "p.pdf")])
    english = client.get("/en/kampanie/bezpieczny-internet/").content.decode()
    assert "Downloadable materials" in english and "Invite us to your school" in english
    ukrainian = client.get("/uk/kampanie/bezpieczny-internet/").content.decode()
    assert "Матеріали для завантаження" in ukrainian
    listing = client.get("/en/kampanie/").content.decode()
    assert "1 campaign found" in listing and "1 material" in listing


def test_editor_can_open_the_campaign_editor(client, campaign_index, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "haslo-testowe-123")
    client.force_login(admin)
    campaign = make_campaign(campaign_index, materials=[("Plakat", PDF, "p.pdf")])
    response = client.get(f"/admin/pages/{campaign.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="audiences"' in html and 'value="klasy-4-8"' in html
    assert client.get(f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/").status_code == 200


def test_publishing_from_the_admin_keeps_materials_and_counts(
    client, campaign_index, django_user_model, topic, django_capture_on_commit_callbacks
):
    from campaigns.models import CampaignPage, MaterialDownload, MaterialPack
    from campaigns.services import record_material_download
    from tests.factories import make_document

    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "haslo-testowe-123")
    client.force_login(admin)
    document = make_document("Plakat", PDF, "plakat.pdf")
    data = {
        "title": "Młodzieżowa rada",
        "slug": "mlodziezowa-rada",
        "intro": "Lead",
        "hero_image_alt": "",
        "body-count": "0",
        "audiences": ["klasy-4-8", "rodzice"],
        "topics": [topic.pk],
        "starts_on": "",
        "ends_on": "",
        "materials-TOTAL_FORMS": "1",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
        "materials-0-document": document.pk,
        "materials-0-title": "Plakat rady",
        "materials-0-kind": "plakat",
        "materials-0-audiences": ["klasy-4-8"],
        "materials-0-language": "pl",
        "materials-0-description": "",
        "materials-0-licence": "CC BY-SA 4.0",
        "materials-0-ORDER": "1",
        "materials-0-id": "",
        "materials-0-DELETE": "",
        "action-publish": "publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = CampaignPage.objects.get(slug="mlodziezowa-rada")
    assert page.live and page.audiences == ["klasy-4-8", "rodzice"] and list(page.topics.all()) == [topic]
    material = page.materials.get()
    assert material.audiences == ["klasy-4-8"]
    assert MaterialPack.objects.get(campaign=page).fingerprint  # built right after publishing
    record_material_download(material.pk)

    data.update(
        {"materials-INITIAL_FORMS": "1", "materials-0-id": material.pk, "title": "Młodzieżowa rada miasta"}
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    assert page.materials.get().pk == material.pk
    assert MaterialDownload.objects.get(material=material).count == 1


def test_preview_of_an_unsaved_campaign_with_materials(rf, campaign_index, admin_user):
    from campaigns.models import CampaignMaterial, CampaignPage
    from tests.factories import make_document

    page = CampaignPage(title="Szkic", slug="szkic", path="00010001000100019999", depth=4)
    page.materials.add(CampaignMaterial(title="Nowy plakat", document=make_document(), kind="plakat"))
    request = rf.get("/kampanie/szkic/")
    request.user = admin_user
    response = page.serve_preview(request, "")
    html = response.render().content.decode()
    assert "Nowy plakat" in html
    assert "materialy.zip" not in html
