"""The partner API's profile and offer operations: the same moderated changes as the portal, for
the token's organisation only."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowState

from home.roles import VOLUNTEER_COORDINATORS
from tests.factories import make_opportunity, make_organisation, make_partner, partner_token
from volunteers.models import Opportunity, Organisation

pytestmark = pytest.mark.django_db

API = "/api/v3/partner/"


@pytest.fixture
def organisation(home_page):
    return make_organisation(
        "Fundacja Zielony Sosnowiec",
        slug="fundacja-zielony-sosnowiec",
        description="Sadzimy drzewa.",
        email="zgloszenia@zielony.example.org",
    )


@pytest.fixture
def member(organisation):
    return make_partner(organisation, role="member", email="czlonek@zielony.example.org")


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("koordynatorka-api", "koordynacja@cas.example.org", "x")
    user.groups.add(Group.objects.get(name=VOLUNTEER_COORDINATORS))
    return user


class Partner:
    """A client of the partner API with one member's token."""

    def __init__(self, membership):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {partner_token(membership)}"}

    def get(self, path, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(API + path, body or {}, content_type="application/json", headers=self.headers)


def decide(obj, action, coordinator, **kwargs):
    task_state = WorkflowState.objects.for_instance(obj).get(status="in_progress").current_task_state
    getattr(task_state.specific, action)(user=coordinator, **kwargs)


def test_a_profile_change_is_public_only_once_cas_approves(organisation, member, coordinator):
    api = Partner(member)
    response = api.post("organisation/changes", {"description": "Sadzimy drzewa i łąki."})
    assert response.status_code == 202, response.content
    assert response.json()["state"] == "in_moderation"
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    profile = api.get("organisation").json()
    assert profile["description"] == "Sadzimy drzewa."  # as last approved
    assert profile["pending_change"]["state"] == "in_moderation"
    public = Client().get("/api/v3/organisations/fundacja-zielony-sosnowiec/").json()
    assert public["description"] == "Sadzimy drzewa."

    decide(organisation, "approve", coordinator)
    assert api.get("organisation").json()["description"] == "Sadzimy drzewa i łąki."
    public = Client().get("/api/v3/organisations/fundacja-zielony-sosnowiec/").json()
    assert public["description"] == "Sadzimy drzewa i łąki."
    (change,) = api.get("changes").json()["items"]
    assert change["state"] == "approved" and change["subject"] == "organisation"


def test_a_refusal_comes_with_cas_s_comment(organisation, member, coordinator):
    api = Partner(member)
    api.post("organisation/changes", {"description": "Reklama."})
    decide(organisation, "reject", coordinator, comment="Opis ma mówić o wolontariacie.")
    changes = api.get("changes").json()
    assert changes["count"] == 1
    assert changes["items"][0]["state"] == "refused"
    assert changes["items"][0]["comment"] == "Opis ma mówić o wolontariacie."


def test_refusals_are_per_field(organisation, member):
    api = Partner(member)
    for field, value in (("website", "to nie adres"), ("district", "nie-ma-takiej"), ("areas", "zdrowie")):
        response = api.post("organisation/changes", {field: value})
        assert response.status_code == 422, field
        assert response["Content-Type"] == "application/problem+json"
        assert [tuple(error["loc"]) for error in response.json()["errors"]] == [("body", "payload", field)]
    response = api.post("organisation/changes", {"name": "Inna nazwa", "email": "x@example.org"})
    assert response.status_code == 422
    assert {error["loc"][-1] for error in response.json()["errors"]} == {"name", "email"}
    assert not WorkflowState.objects.exists()


def test_create_change_close_and_duplicate_an_offer(organisation, member, coordinator):
    api = Partner(member)
    created = api.post("opportunities", {"title": "Sadzenie dębów", "description": "W parku.", "skills": []})
    assert created.status_code == 201, created.content
    offer = created.json()
    assert offer["state"] == "in_moderation" and offer["url"] is None
    assert api.post("opportunities", {"description": "Bez tytułu."}).status_code == 422

    decide(Opportunity.objects.get(pk=offer["id"]), "approve", coordinator)
    listed = api.get("opportunities").json()
    assert listed["count"] == 1 and listed["items"][0]["state"] == "live"

    changed = api.post(f"opportunities/{offer['id']}/changes", {"description": "W parku, w sobotę."})
    assert changed.status_code == 202
    assert api.get("opportunities").json()["items"][0]["change_waiting"] is True
    assert api.get("opportunities").json()["items"][0]["description"] == "W parku."

    copy = api.post(f"opportunities/{offer['id']}/duplicate")
    assert copy.status_code == 201
    assert copy.json()["state"] == "draft" and copy.json()["title"] == "Sadzenie dębów (kopia)"

    closed = api.post(f"opportunities/{offer['id']}/close")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert Client().get(f"/api/v3/opportunities/{offer['id']}/").status_code == 404


def test_the_offer_list_pages_in_a_constant_number_of_queries(
    organisation, member, django_assert_max_num_queries
):
    api = Partner(member)
    for _ in range(3):
        make_opportunity(organisation)
    api.get("opportunities")
    for _ in range(5):
        make_opportunity(organisation)
    with django_assert_max_num_queries(12):
        page = api.get("opportunities", limit=5).json()
    assert page["count"] == 8 and len(page["items"]) == 5


def test_another_organisation_s_offer_is_404_and_stays_as_it_was(organisation, member):
    foreign = make_opportunity(make_organisation("Fundacja Inna"), "Oferta innej fundacji")
    api = Partner(member)
    for tail in ("changes", "close", "duplicate"):
        response = api.post(
            f"opportunities/{foreign.pk}/{tail}", {"title": "Przejęta"} if tail == "changes" else None
        )
        assert response.status_code == 404, tail
        assert "Oferta innej fundacji" not in response.content.decode()
    assert api.get("opportunities").json()["count"] == 0
    assert api.get("changes").json()["count"] == 0
    foreign.refresh_from_db()
    assert foreign.live and foreign.title == "Oferta innej fundacji"
    assert Opportunity.objects.count() == 1 and not WorkflowState.objects.exists()


def test_without_a_live_token_every_operation_is_401(organisation):
    offer = make_opportunity(organisation)
    anonymous = Client()
    for method, path in [
        ("get", "organisation"),
        ("post", "organisation/changes"),
        ("get", "opportunities"),
        ("post", "opportunities"),
        ("post", f"opportunities/{offer.pk}/changes"),
        ("post", f"opportunities/{offer.pk}/close"),
        ("post", f"opportunities/{offer.pk}/duplicate"),
        ("get", "changes"),
    ]:
        for headers in ({}, {"Authorization": "Bearer cas_pat_made-up"}):
            response = getattr(anonymous, method)(
                API + path, {} if method == "get" else "{}", content_type="application/json", headers=headers
            )
            assert response.status_code == 401, (method, path, headers)
    offer.refresh_from_db()
    assert offer.live
    assert Organisation.objects.get(pk=organisation.pk).description == "Sadzimy drzewa."
