import io

import pytest

from home import seed as home_seed
from initiatives import seed
from initiatives.choices import SubmissionStatus
from initiatives.models import IdeaSubmission, InitiativeIndexPage, SuccessStoryPage

pytestmark = pytest.mark.django_db


def test_demo_content_is_complete_and_idempotent():
    out = io.StringIO()
    home_seed.seed(out)
    seed.seed(out)
    seed.seed(out)
    index = InitiativeIndexPage.objects.get()
    assert index.url_path.endswith("/inicjatywy/")
    assert SuccessStoryPage.objects.live().child_of(index).count() == 6
    assert IdeaSubmission.objects.count() == 8
    statuses = set(IdeaSubmission.objects.values_list("status", flat=True))
    assert statuses == set(SubmissionStatus.values)
    assert all(e.endswith("@example.org") for e in IdeaSubmission.objects.values_list("email", flat=True))
    assert SuccessStoryPage.objects.filter(submission__status=SubmissionStatus.REALISED).count() == 1
    assert all(page.public_gallery for page in SuccessStoryPage.objects.all())
