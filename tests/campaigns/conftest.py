"""Fixtures for the campaign tests (factories: tests/factories.py)."""

import pytest

from campaigns.models import CampaignTopic


@pytest.fixture
def topic(db):
    return CampaignTopic.objects.create(slug="bezpieczenstwo", name="Bezpieczeństwo")
