"""Campaigns and success stories name partner organisations; organisation pages list them back."""

import pytest

from initiatives.models import InitiativeIndexPage, SuccessStoryPage
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_with_partner(home_page):
    organisation = make_organisation(name="Fundacja Testowa Partnerka")
    index = home_page.add_child(instance=InitiativeIndexPage(title="Inicjatywy", slug="inicjatywy"))
    story = SuccessStoryPage(
        title="Ogród na podwórku", slug="ogrod", group_name="Zielone Podwórko", year=2025
    )
    index.add_child(instance=story)
    story.partner_organisations.set([organisation])
    story.save_revision().publish()
    return story, organisation


def test_story_page_links_its_partner_organisation(client, story_with_partner):
    story, organisation = story_with_partner
    html = client.get(story.url).content.decode()
    assert "Organizacje partnerskie" in html
    assert f'href="{organisation.get_absolute_url()}"' in html


def test_organisation_page_lists_the_story(client, story_with_partner):
    story, organisation = story_with_partner
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Ogród na podwórku" in html
    assert f'href="{story.url}"' in html


def test_story_api_lists_partners(client, story_with_partner):
    story, organisation = story_with_partner
    data = client.get(f"/api/v3/pages/{story.pk}/").json()
    assert data["partners"] == [
        {
            "name": "Fundacja Testowa Partnerka",
            "slug": organisation.slug,
            "url": organisation.get_absolute_url(),
        }
    ]


def test_campaign_page_links_partners_and_workshops_and_organisation_lists_it(client, home_page):
    from campaigns.models import CampaignIndexPage, CampaignPage
    from campaigns.workshops.models import WorkshopIndexPage, WorkshopPage

    organisation = make_organisation(name="Stowarzyszenie Partnerskie")
    workshops = home_page.add_child(instance=WorkshopIndexPage(title="Warsztaty", slug="warsztaty"))
    workshop = workshops.add_child(instance=WorkshopPage(title="Bezpieczny smartfon", slug="smartfon"))
    index = home_page.add_child(instance=CampaignIndexPage(title="Kampanie", slug="kampanie"))
    campaign = index.add_child(
        instance=CampaignPage(title="Bezpieczny internet", slug="bi", audiences=["klasy-4-8"])
    )
    campaign.partner_organisations.set([organisation])
    campaign.related_workshops.set([workshop])
    campaign.save_revision().publish()

    html = client.get(campaign.url).content.decode()
    assert f'href="{organisation.get_absolute_url()}"' in html
    assert f'href="{workshop.url}"' in html
    assert "Bezpieczny internet" in client.get(organisation.get_absolute_url()).content.decode()
    data = client.get(f"/api/v3/pages/{campaign.pk}/").json()
    assert data["partners"][0]["slug"] == organisation.slug
    assert data["workshops"] == [{"id": workshop.pk, "title": "Bezpieczny smartfon", "url": workshop.url}]
