"""Restricted documents never reach a material pack, a listing, or a URL outside the checked view.

Class: content with access rules copied into a generated file. Guards: a pack built
for a campaign with one public and one restricted document holds only the public one,
whatever order things happen in; every file the app writes for packs lies outside
MEDIA_ROOT and has no URL; every file field of the CAS apps writes to private storage.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from campaigns.models import MaterialPack
from campaigns.services import current_pack
from cas_site.storage import PrivateStorage
from home.registry import cas_app_configs
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

PUBLIC = b"%PDF-1.4\n% publiczny plakat\n"
SECRET = b"%PDF-1.4\n% tylko dla zespolu\n"


def restricted_collection(name="Wewnętrzne"):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def streamed(response):
    return b"".join(response.streaming_content)


def members(pack):
    with pack.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        contents = b"".join(archive.read(n) for n in names)
    pack.file.close()
    return names, contents


@pytest.fixture
def campaign(campaign_index):
    return make_campaign(
        campaign_index,
        materials=[("Plakat publiczny", PUBLIC, "plakat.pdf"), ("Notatka wewnętrzna", SECRET, "notatka.pdf")],
    )


def restrict(campaign, title="Notatka wewnętrzna", collection=None):
    material = campaign.materials.get(title=title)
    material.document.collection = collection or restricted_collection()
    material.document.save()
    return material


def test_pack_of_one_public_and_one_restricted_document_holds_only_the_public_one(campaign):
    restrict(campaign)
    names, contents = members(current_pack(campaign))
    assert names == ["01-plakat-publiczny.pdf"]
    assert SECRET not in contents


def test_pack_built_before_the_document_was_restricted_is_rebuilt_without_it(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    old = current_pack(campaign)
    assert members(old)[0] == ["01-plakat-publiczny.pdf", "02-notatka-wewnetrzna.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        restrict(campaign)
    # No stored file holds the restricted document any longer, before anyone downloads.
    for path in files_under(settings.CAS_PRIVATE_ROOT):
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist() == ["01-plakat-publiczny.pdf"]
    rebuilt = MaterialPack.objects.get(campaign=campaign)
    assert members(rebuilt)[0] == ["01-plakat-publiczny.pdf"]

    body = streamed(client.get(f"/kampanie/{campaign.slug}/materialy.zip"))
    assert zipfile.ZipFile(io.BytesIO(body)).namelist() == ["01-plakat-publiczny.pdf"]


def test_restriction_added_to_a_collection_later_rebuilds_the_pack(
    campaign, django_capture_on_commit_callbacks
):
    internal = Collection.get_first_root_node().add_child(name="Dla nauczycieli")
    below = internal.add_child(name="Scenariusze")
    restrict_material = campaign.materials.get(title="Notatka wewnętrzna")
    restrict_material.document.collection = below
    restrict_material.document.save()
    assert len(members(current_pack(campaign))[0]) == 2

    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    assert members(MaterialPack.objects.get(campaign=campaign))[0] == ["01-plakat-publiczny.pdf"]

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert len(members(MaterialPack.objects.get(campaign=campaign))[0]) == 2


def test_campaign_with_only_restricted_materials_has_no_pack(client, campaign):
    restrict(campaign, collection=restricted_collection())
    restrict(campaign, "Plakat publiczny", collection=Collection.objects.get(name="Wewnętrzne"))
    assert current_pack(campaign) is None
    assert client.get(f"/kampanie/{campaign.slug}/materialy.zip").status_code == 404


def test_private_campaign_gets_no_pack_file(campaign):
    PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    call_command("build_material_packs", stdout=io.StringIO())
    assert current_pack(campaign) is None
    assert not MaterialPack.objects.filter(campaign=campaign).exclude(file="").exists()


def test_anonymous_listings_omit_restricted_documents(client, api_get, campaign):
    restrict(campaign)
    items = api_get(f"campaigns/{campaign.pk}/materials/").json()["items"]
    assert [i["title"] for i in items] == ["Plakat publiczny"]
    html = client.get(f"/kampanie/{campaign.slug}/").content.decode()
    assert "Plakat publiczny" in html
    assert "Notatka wewnętrzna" not in html
    card = api_get("campaigns/").json()["items"][0]
    assert card["materials_count"] == 1


def files_under(root):
    root = Path(root)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_no_file_written_for_packs_is_reachable_by_url(client, campaign, settings):
    """Build every pack the ways the app does, then: nothing new under MEDIA_ROOT (which the
    web server serves as it is), each pack file under CAS_PRIVATE_ROOT, and no URL for it."""
    before = files_under(settings.MEDIA_ROOT)
    call_command("build_material_packs", "--force", stdout=io.StringIO())
    streamed(client.get(f"/kampanie/{campaign.slug}/materialy.zip"))
    client.get(f"/kampanie/{campaign.slug}/")

    assert files_under(settings.MEDIA_ROOT) - before == set()
    pack = MaterialPack.objects.get(campaign=campaign)
    path = Path(pack.file.path).resolve()
    assert path.is_relative_to(Path(settings.CAS_PRIVATE_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        pack.file.url  # noqa: B018 - the property is what raises
    settings.DEBUG = True  # even the development server's media route must not find it
    assert client.get(f"{settings.MEDIA_URL}{pack.file.name}").status_code == 404


def test_every_file_field_of_the_cas_apps_writes_to_private_storage():
    """A new generated file (export, report, archive) must not land in public media by default."""
    cas_apps = {config.label for config in cas_app_configs()}
    public = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in cas_apps
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and not isinstance(field.storage, PrivateStorage)
    ]
    assert public == []


def test_private_root_is_not_inside_media_root():
    private = Path(settings.CAS_PRIVATE_ROOT).resolve()
    assert not private.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
