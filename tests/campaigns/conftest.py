"""Small factories for campaign tests: the index, campaigns, documents and materials."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from campaigns.models import CampaignIndexPage, CampaignMaterial, CampaignPage, CampaignTopic


@pytest.fixture
def campaign_index(home_page):
    index = CampaignIndexPage(title="Kampanie", slug="kampanie", intro="Kampanie dla szkół")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_document(title="Plakat", content=b"%PDF-1.4 test", name="plakat.pdf"):
    document = get_document_model()(title=title, file=ContentFile(content, name=name))
    document._set_document_file_metadata()
    document.save()
    document.file.close()
    return document


def make_image(title="Obraz"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 50), (10, 90, 170)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name="obraz.png")
    )


def make_campaign(
    index, title="Bezpieczny internet", slug=None, *, materials=(), topics=(), image=None, **fields
):
    """A published campaign; ``materials`` are ``(title, bytes, filename)`` triples."""
    fields.setdefault("audiences", ["klasy-4-8"])
    page = CampaignPage(
        title=title, slug=slug or title.lower().replace(" ", "-"), intro=f"Lead: {title}", **fields
    )
    if image is not None:
        page.hero_image = image
        page.hero_image_alt = f"Ilustracja kampanii {title}"
    for order, (material_title, content, filename) in enumerate(materials):
        page.materials.add(
            CampaignMaterial(
                title=material_title,
                document=make_document(material_title, content, filename),
                kind="plakat",
                audiences=["klasy-4-8"],
                sort_order=order,
            )
        )
    index.add_child(instance=page)
    if topics:
        page.topics.set(topics)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def topic(db):
    return CampaignTopic.objects.create(slug="bezpieczenstwo", name="Bezpieczeństwo")
