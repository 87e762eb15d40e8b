"""Every content image an editor places carries alt text (or is explicitly decorative).

Publishing without it fails in the admin with a Polish message, and the website always
renders ``alt`` from what the editor entered.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.test.utils.form_data import nested_form_data, streamfield

from campaigns.workshops.models import WorkshopPage
from home.blocks import AccessibleImageBlock
from home.models import StandardPage
from home.seed_utils import demo_image

pytestmark = pytest.mark.django_db

BLOCK_ALT_ERROR = "Podaj tekst alternatywny albo oznacz obraz jako dekoracyjny."


def image_blocks_outside_accessible_block(block, inside=False):
    """Yield every ImageChooserBlock in a block tree that no AccessibleImageBlock wraps."""
    if isinstance(block, ImageChooserBlock) and not inside:
        yield block
    inside = inside or isinstance(block, AccessibleImageBlock)
    for child in getattr(block, "child_blocks", {}).values():
        yield from image_blocks_outside_accessible_block(child, inside)
    if isinstance(block, blocks.ListBlock):
        yield from image_blocks_outside_accessible_block(block.child_block, inside)


def test_every_image_an_editor_can_place_carries_alt_text():
    image_model = get_image_model()
    missing = []
    for model in apps.get_models():
        if model._meta.app_config.name not in {*settings.CAS_APPS, "home"}:
            continue
        names = {f.name for f in model._meta.get_fields()}
        for field in model._meta.get_fields():
            is_image = field.is_relation and field.many_to_one and field.related_model is image_model
            if is_image and f"{field.name}_alt" not in names and "alt_text" not in names:
                missing.append(f"{model._meta.label}.{field.name}")
            if isinstance(field, StreamField):
                for block in image_blocks_outside_accessible_block(field.stream_block):
                    missing.append(f"{model._meta.label}.{field.name}: {block.name}")
    assert missing == []


def image_block(image, alt_text="", decorative=False):
    return ("image", {"image": image.pk, "alt_text": alt_text, "decorative": decorative, "caption": ""})


def edit_standard_page(client, page, body, action="action-publish"):
    data = nested_form_data(
        {"title": page.title, "slug": page.slug, "intro": "", "body": streamfield(body), action: "1"}
    )
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.fixture
def standard_page(home_page):
    page = StandardPage(title="O nas", slug="o-nas")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_admin_refuses_to_publish_an_image_block_without_alt_text(client, admin_user, standard_page):
    client.force_login(admin_user)
    image = demo_image("Zdjęcie zespołu", size=(40, 30))
    response = edit_standard_page(client, standard_page, [image_block(image)])
    assert response.status_code == 200
    assert BLOCK_ALT_ERROR in response.content.decode()
    standard_page.refresh_from_db()
    assert len(standard_page.body) == 0  # the live page did not change
    assert 'alt=""' not in client.get("/o-nas/").content.decode()

    response = edit_standard_page(client, standard_page, [image_block(image, "Zespół CAS przy stole")])
    assert response.status_code == 302
    assert 'alt="Zespół CAS przy stole"' in client.get("/o-nas/").content.decode()


def test_admin_publishes_a_decorative_image_with_empty_alt(client, admin_user, standard_page):
    client.force_login(admin_user)
    image = demo_image("Ozdobnik", size=(40, 30))
    response = edit_standard_page(client, standard_page, [image_block(image, "ignorowany", decorative=True)])
    assert response.status_code == 302
    html = client.get("/o-nas/").content.decode()
    assert 'alt=""' in html and "ignorowany" not in html


def test_admin_refuses_to_publish_a_hero_image_without_alt_text(client, admin_user, home_page):
    client.force_login(admin_user)
    image = demo_image("Hero", size=(60, 40))
    data = nested_form_data(
        {
            "title": home_page.title,
            "slug": home_page.slug,
            "intro": home_page.intro,
            "hero_image": image.pk,
            "hero_image_alt": "   ",
            "calls_to_action": streamfield([]),
            "body": streamfield([]),
            "action-publish": "1",
        }
    )
    response = client.post(f"/admin/pages/{home_page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Podaj tekst alternatywny obrazu głównego." in response.content.decode()
    home_page.refresh_from_db()
    assert home_page.hero_image is None

    data["hero_image_alt"] = "Młodzież przy wspólnym stole"
    assert client.post(f"/admin/pages/{home_page.pk}/edit/", data).status_code == 302
    assert 'alt="Młodzież przy wspólnym stole"' in client.get("/").content.decode()


def test_workshop_image_needs_alt_text_before_publishing(home_page):
    page = WorkshopPage(title="Warsztat", slug="warsztat", image=demo_image("Warsztat", size=(40, 30)))
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["image_alt"] == ["Podaj tekst alternatywny obrazu."]
