"""Isolation of the partner API (issue 16, point 6): every operation, walked from the OpenAPI
document, as a member of another organisation, as a member of none and anonymously.

Organisation A ("Alfa") and organisation B ("Beta") have data in every register: an offer, an
application to it from a confirmed volunteer, a youth project with a comment, a profile change
waiting for CAS, a membership and a token. Every operation under ``/api/v3/partner/`` is sent

- with a token of B's member and A's real record ids in the path (and in id-naming query
  parameters): 404 for an operation that takes an id, exactly as for an id nobody holds (so
  the answer never reveals that A's record exists); operations without an id act on B only and
  never show A's names, titles or addresses;
- with the token of a member A removed (a member of no organisation): 401;
- with no token: 401.

Afterwards every row of A's is as it was. Writes carry plausible bodies: B's member sends the
same bodies to B's own records and they are accepted, so the 404s are about the ids, not a body
the operation would have refused anyway. A path or query parameter this file does not know
fails the walk, so a new operation is decided here before it ships.
"""

import functools
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from tests.factories import (
    make_opportunity,
    make_organisation,
    make_partner,
    make_volunteer,
    make_youth_project,
)
from volunteers import services as directory
from volunteers.models import Opportunity, Organisation, YouthProject, YouthProjectEvent
from volunteers.partners import services as partner_services
from volunteers.partners.models import Invitation, Membership, PersonalAccessToken
from volunteers.people import services as people
from volunteers.people.models import ApplicantDataAccess, Application

pytestmark = pytest.mark.django_db

PREFIX = "/api/v3/partner/"

#: Path parameter → the register whose record it names. A parameter not here fails the walk.
PATH_RECORDS = {
    "application_id": "application",
    "project_id": "project",
    "opportunity_id": "offer",
}
#: Query parameters that name a record (filters) → the register; the others carry no id.
QUERY_RECORDS = {"opportunity": "offer"}
QUERY_PLAIN = {"status", "limit", "offset"}


def _in_a_month(days=30):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


#: A plausible body for each request schema (B's own records accept it, see the control test).
BODIES = {
    "PartnerStatusIn": lambda: {"status": "w-kontakcie", "message": "Zapraszamy na rozmowę w sobotę."},
    "PartnerCommentIn": lambda: {"comment": "Czy sala będzie wolna w piątek?"},
    "PartnerProjectIn": lambda: {
        "title": "Wakacyjna akademia",
        "description": "Tydzień warsztatów dla młodzieży.",
        "age_min": 14,
        "age_max": 18,
        "needs": ["sala"],
        "starts_on": _in_a_month(30),
        "ends_on": _in_a_month(37),
    },
    "PartnerProfileIn": lambda: {"description": "Przejęty opis profilu."},
    "PartnerOpportunityIn": lambda: {"title": "Przejęta oferta", "description": "Przejęty opis oferty."},
}


@functools.cache
def openapi_document():
    return Client().get("/api/v3/openapi.json").json()


def partner_operations():
    """``(method, path template, operation)`` of every partner API operation, in schema order."""
    return [
        (method.upper(), path, operation)
        for path, methods in openapi_document()["paths"].items()
        if path.startswith(PREFIX)
        for method, operation in methods.items()
    ]


def operation_name(method, path):
    return f"{method} {path}"


def body_schema(operation):
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    return schema["$ref"].rsplit("/", 1)[-1] if schema else None


def path_parameters(operation):
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]


def query_parameters(operation):
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


def takes_an_id(operation):
    return bool(path_parameters(operation))


def concrete(path, operation, records):
    """The path with each id replaced by ``records``' record of that register, and the query
    naming the same records where a filter takes one."""
    for name in path_parameters(operation):
        assert name in PATH_RECORDS, f"path parameter {name!r} of {path}: add it to PATH_RECORDS"
        path = path.replace("{" + name + "}", str(records[PATH_RECORDS[name]]))
    assert "{" not in path, path
    query = {}
    for name in query_parameters(operation):
        assert name in QUERY_RECORDS or name in QUERY_PLAIN, (
            f"query parameter {name!r} of {path}: add it to QUERY_RECORDS or QUERY_PLAIN"
        )
        if name in QUERY_RECORDS:
            query[name] = records[QUERY_RECORDS[name]]
    return path, query


def send(client, method, path, operation, *, records, raw=None, body=None):
    path, query = concrete(path, operation, records)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    if method == "GET":
        return client.get(path, query, **headers)
    schema = body_schema(operation)
    if body is None:
        assert schema is None or schema in BODIES, f"{method} {path}: add a plausible body for {schema}"
        body = BODIES[schema]() if schema else {}
    if query:
        path = f"{path}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
    return getattr(client, method.lower())(path, json.dumps(body), content_type="application/json", **headers)


# --- Two organisations with data in every register ----------------------------------------------


def organisation_with_data(tag):
    """An organisation named after ``tag`` with a record in every register the partner API reaches;
    every text of it carries ``tag`` (so a body that shows any of it is caught)."""
    low = tag.lower()
    organisation = make_organisation(
        f"Fundacja {tag}",
        slug=f"fundacja-{low}",
        description=f"Opis {tag}.",
        email=f"biuro@{low}.example.org",
    )
    manager = make_partner(organisation, role="manager", email=f"menedzer@{low}.example.org")
    offer = make_opportunity(organisation, f"Oferta {tag}", description=f"Opis oferty {tag}.")
    volunteer = make_volunteer(first_name=f"{tag}ina", email=f"wolontariuszka@{low}.example.org")
    application = people.apply_to_opportunity(volunteer, offer.pk, f"Wiadomość {tag}.")
    project = make_youth_project(organisation, manager.user, title=f"Projekt {tag}")
    directory.comment_on_project(project, f"Komentarz {tag}.", by=manager.user, from_organisation=True)
    directory.submit_organisation_change(
        organisation, manager.user, {"description": f"Zmiana {tag} w moderacji."}
    )
    partner_services.create_token(manager, name=f"Token {tag}", role="manager", days=30)
    return {
        "organisation": organisation,
        "manager": manager,
        "offer": offer.pk,
        "application": application.pk,
        "project": project.pk,
    }


def rows(queryset):
    return sorted(
        (
            {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
            for row in queryset
        ),
        key=lambda row: row["id"],
    )


def state_of(organisation):
    """Every row of ``organisation``'s registers, field by field (what nobody else may change)."""
    offers = Opportunity.objects.filter(organisation=organisation)
    projects = YouthProject.objects.filter(organisation=organisation)
    applications = Application.objects.filter(opportunity__organisation=organisation)
    objects = [("volunteers", "organisation", organisation.pk)] + [
        ("volunteers", "opportunity", pk) for pk in offers.values_list("pk", flat=True)
    ]
    revisions = Revision.objects.none()
    workflows = WorkflowState.objects.none()
    for _app, model, pk in objects:
        model_class = Organisation if model == "organisation" else Opportunity
        revisions |= Revision.objects.for_instance(model_class.objects.get(pk=pk))
        workflows |= WorkflowState.objects.for_instance(model_class.objects.get(pk=pk))
    return {
        "organisation": rows(Organisation.objects.filter(pk=organisation.pk)),
        "offers": rows(offers),
        "applications": rows(applications),
        "projects": rows(projects),
        "project events": rows(YouthProjectEvent.objects.filter(project__in=projects)),
        "revisions": rows(revisions),
        "workflow states": rows(workflows),
        "memberships": rows(Membership.objects.filter(organisation=organisation)),
        "invitations": rows(Invitation.objects.filter(organisation=organisation)),
        "tokens": rows(PersonalAccessToken.objects.filter(membership__organisation=organisation)),
        "applicant data views": ApplicantDataAccess.objects.count(),
    }


@pytest.fixture
def world(home_page):
    a, b = organisation_with_data("Alfa"), organisation_with_data("Beta")
    removed = make_partner(a["organisation"], role="member", email="byla@alfa-dawniej.example.org")
    _token, removed_raw = partner_services.create_token(removed, name="Dawny", role="member", days=30)
    partner_services.remove_member(removed)
    _token, a_raw = partner_services.create_token(a["manager"], name="Kontrola", role="manager", days=30)
    _token, b_raw = partner_services.create_token(b["manager"], name="Obcy", role="manager", days=30)
    return {"a": a, "b": b, "a_raw": a_raw, "b_raw": b_raw, "removed_raw": removed_raw}


def markers_of_a(body: str) -> list[str]:
    """What of A's a body shows: its name, titles, the volunteer's name, any address of A's."""
    return sorted(set(re.findall(r"[\w.@-]*alfa[\w.@-]*", body.lower())))


# --- The walk -------------------------------------------------------------------------------------


def test_the_walk_knows_every_partner_operation():
    names = {operation_name(method, path) for method, path, _op in partner_operations()}
    assert {
        "GET /api/v3/partner/me",
        "GET /api/v3/partner/applications/{application_id}",
        "POST /api/v3/partner/applications/{application_id}/status",
        "POST /api/v3/partner/projects/{project_id}/comments",
        "POST /api/v3/partner/opportunities/{opportunity_id}/close",
        "GET /api/v3/partner/changes",
    } <= names
    for method, path, operation in partner_operations():
        concrete(path, operation, {"application": 1, "project": 1, "offer": 1})  # every parameter known
        schema = body_schema(operation)
        assert schema is None or schema in BODIES, f"{method} {path}: add a plausible body for {schema}"


def test_a_foreign_name_in_a_path_fails_the_walk():
    """The guard itself: a parameter nobody mapped is not filled with some id and let through."""
    operation = {"parameters": [{"name": "invoice_id", "in": "path"}]}
    with pytest.raises(AssertionError, match="invoice_id"):
        concrete("/api/v3/partner/invoices/{invoice_id}", operation, {})


def test_a_member_of_b_sees_and_changes_nothing_of_a(client, world):
    a, b = world["a"], world["b"]
    # The ids are real: A's own member opens each of A's records (before the snapshot: reading an
    # application is itself recorded).
    for method, path, operation in partner_operations():
        if method == "GET" and takes_an_id(operation):
            response = send(client, method, path, operation, records=a, raw=world["a_raw"])
            assert response.status_code == 200, (path, response.content)
            assert markers_of_a(response.content.decode()), path
    before = state_of(a["organisation"])
    walked = 0
    for method, path, operation in partner_operations():
        name = operation_name(method, path)
        response = send(client, method, path, operation, records=a, raw=world["b_raw"])
        body = response.content.decode()
        assert not markers_of_a(body), (name, markers_of_a(body))
        assert "no-store" in response["Cache-Control"], name
        if takes_an_id(operation):
            assert response.status_code == 404, (name, response.status_code, body)
            assert response["Content-Type"].startswith("application/problem+json"), name
        elif method == "GET" and concrete(path, operation, a)[1]:
            # Filtered by A's record: an empty list (not an error that would tell the id exists).
            assert response.status_code == 200 and response.json()["count"] == 0, (name, body)
        elif method == "GET":
            assert response.status_code == 200, (name, body)
            assert "beta" in body.lower(), (name, "B's own data is listed", body)
        else:
            assert response.status_code in (201, 202), (name, body)  # acts on B's organisation
        walked += 1
    assert walked == len(partner_operations()) >= 15
    unfiltered = client.get(PREFIX + "applications", HTTP_AUTHORIZATION=f"Bearer {world['b_raw']}")
    assert [item["first_name"] for item in unfiltered.json()["items"]] == ["Betaina"]
    assert state_of(a["organisation"]) == before
    assert not ApplicantDataAccess.objects.filter(user=b["manager"].user).exists()


def test_a_s_ids_answer_as_ids_nobody_holds(client, world):
    """For B's member, A's record and a record that does not exist look the same, with a plausible
    body and with an empty one: checks of the body never run first for one and not the other."""
    a = world["a"]
    missing = {"offer": 999_999, "application": 999_999, "project": 999_999}
    compared = 0
    for method, path, operation in partner_operations():
        if not takes_an_id(operation):
            continue
        bodies = [None] if method == "GET" else [None, {}, {"status": "nieznany", "comment": ""}]
        for body in bodies:
            foreign = send(client, method, path, operation, records=a, raw=world["b_raw"], body=body)
            nobody = send(client, method, path, operation, records=missing, raw=world["b_raw"], body=body)
            assert foreign.status_code == nobody.status_code, (method, path, body)
            assert foreign.content == nobody.content, (method, path, body)
            compared += 1
    assert compared >= 10


def test_b_s_member_writes_the_same_bodies_to_b_s_own_records(client, world):
    """The control of the walk: the bodies are plausible, so A's 404s are about the ids."""
    b = world["b"]
    for method, path, operation in partner_operations():
        response = send(client, method, path, operation, records=b, raw=world["b_raw"])
        assert response.status_code in (200, 201, 202), (method, path, response.content)
        assert not markers_of_a(response.content.decode()), (method, path)


@pytest.mark.parametrize("who", ["removed member", "anonymous"])
def test_without_a_membership_every_operation_is_401(client, world, who):
    a = world["a"]
    raw = world["removed_raw"] if who == "removed member" else None
    before = state_of(a["organisation"])
    for method, path, operation in partner_operations():
        response = send(client, method, path, operation, records=a, raw=raw)
        assert response.status_code == 401, (who, method, path, response.status_code)
        assert "no-store" in response["Cache-Control"], (who, method, path)
        assert not markers_of_a(response.content.decode()), (who, method, path)
    assert state_of(a["organisation"]) == before
