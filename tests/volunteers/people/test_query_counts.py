"""List endpoints and listing pages of the registry run the same number of queries at 5 and 50 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_opportunity, make_volunteer, self_service_token
from volunteers.people import services
from volunteers.people.matching import match_opportunities
from volunteers.people.viewsets import ApplicationAdmin, VolunteerAdmin

pytestmark = pytest.mark.django_db


def count_queries(fn):
    with CaptureQueriesContext(connection) as context:
        response = fn()
    assert response.status_code == 200
    return len(context.captured_queries)


def test_matches_endpoint_is_constant(bearer):
    volunteer = make_volunteer(skills=["fotografia"], areas=["ekologia"])

    def grow_to(n):
        while len(match_opportunities(volunteer)) < n:
            make_opportunity(skills=["fotografia"], areas=["ekologia"], district=volunteer.district)

    grow_to(5)
    five = count_queries(lambda: bearer("get", "volunteers/me/matches", self_service_token(volunteer)))
    grow_to(50)
    fifty = count_queries(lambda: bearer("get", "volunteers/me/matches", self_service_token(volunteer)))
    assert five == fifty


@pytest.mark.parametrize("admin_class", [VolunteerAdmin, ApplicationAdmin])
def test_admin_listings_are_constant(home_page, client, coordinator_user, admin_class):
    client.force_login(coordinator_user)
    opportunity = make_opportunity()
    index = admin_class().url_helper.get_action_url("index")

    def grow_to(n):
        from volunteers.people.models import Volunteer

        while Volunteer.objects.count() < n:
            volunteer = make_volunteer(skills=["fotografia"])
            services.apply_to_opportunity(volunteer, opportunity.pk)

    grow_to(5)
    client.get(index)  # warm caches (permissions, site)
    five = count_queries(lambda: client.get(index))
    grow_to(50)
    fifty = count_queries(lambda: client.get(index))
    assert five == fifty
