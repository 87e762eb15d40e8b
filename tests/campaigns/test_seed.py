import io

import pytest
from PIL import Image as PILImage

from campaigns.models import CampaignMaterial, CampaignPage
from campaigns.seed import seed

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_makes_real_files(home_page):
    out = io.StringIO()
    seed(out)
    seed(out)
    campaigns = CampaignPage.objects.live()
    assert sorted(c.slug for c in campaigns) == [
        "bezpieczny-internet",
        "ekologia-w-miescie",
        "mlodziezowa-rada-miasta",
        "wolontariat-w-szkole",
    ]
    assert campaigns.first().url.startswith("/kampanie/")
    for campaign in campaigns:
        assert 3 <= campaign.materials.count() <= 5
    for material in CampaignMaterial.objects.select_related("document"):
        with material.document.file.open("rb") as handle:
            content = handle.read()
        assert material.document.file_size == len(content)
        if material.format == "PDF":
            assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
        else:
            assert material.format == "PNG"
            PILImage.open(io.BytesIO(content)).verify()
