"""Small factories for the directory tests: organisations, opportunities, logos."""

import gc
import io
from datetime import timedelta
from itertools import count

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from home.models import District
from volunteers.models import Area, Opportunity, Organisation, Skill

_numbers = count(1)

#: Wagtail 8.0.1 generates renditions into a SpooledTemporaryFile it never closes
#: (wagtail/images/models.py, generate_rendition_file); the ResourceWarning is theirs.
WAGTAIL_RENDITION_LEAK = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def _collect_leaked_files():
    """Collect garbage inside the test, so a leak warning surfaces in the test that caused it."""
    yield
    gc.collect()


def days(n):
    return timezone.localdate() + timedelta(days=n)


def make_logo(title="Logo"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (11, 92, 173)).save(buffer, format="PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="logo.png"))


def make_organisation(name=None, *, areas=(), live=True, **fields):
    number = next(_numbers)
    name = name or f"Fundacja Testowa {number}"
    fields.setdefault("slug", f"fundacja-testowa-{number}")
    organisation = Organisation(name=name, live=live, **fields)
    organisation.areas.set([Area.objects.get(slug=a) if isinstance(a, str) else a for a in areas])
    organisation.save()
    return organisation


def make_opportunity(organisation=None, title=None, *, skills=(), areas=(), live=True, **fields):
    organisation = organisation or make_organisation()
    opportunity = Opportunity(
        organisation=organisation,
        title=title or f"Oferta {next(_numbers)}",
        description=fields.pop("description", "Opis oferty."),
        live=live,
        **fields,
    )
    opportunity.skills.set([Skill.objects.get(slug=s) for s in skills])
    opportunity.areas.set([Area.objects.get(slug=a) for a in areas])
    opportunity.save()
    return opportunity


@pytest.fixture
def district():
    return District.objects.get(slug="pogon")


@pytest.fixture
def other_district():
    return District.objects.get(slug="zagorze")
