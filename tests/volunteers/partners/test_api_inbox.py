"""The partner API's applications and youth projects: the same operations as the portal, through
the same services, for the token's organisation only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import (
    make_opportunity,
    make_organisation,
    make_partner,
    make_volunteer,
    make_youth_project,
    partner_token,
)
from volunteers import services as directory
from volunteers.choices import ProjectStatus
from volunteers.models import YouthProject, YouthProjectEvent
from volunteers.partners import services as partner_services
from volunteers.people import services as people
from volunteers.people.choices import ApplicationStatus, Channel
from volunteers.people.models import ApplicantDataAccess, Application

pytestmark = pytest.mark.django_db

S = ApplicationStatus
API = "/api/v3/partner/"


def apply(organisation, *, first_name="Ala", title="Sadzenie drzew", **fields):
    volunteer = make_volunteer(first_name=first_name, **fields)
    return people.apply_to_opportunity(volunteer, make_opportunity(organisation, title).pk, "Mam rękawice.")


class Caller:
    def __init__(self, client, raw):
        self.client, self.auth = client, {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}

    def get(self, path, data=None):
        return self.client.get(API + path, data or {}, **self.auth)

    def post(self, path, body):
        return self.client.post(API + path, body, content_type="application/json", **self.auth)


@pytest.fixture
def api(client, manager):
    return Caller(client, partner_token(manager))


@pytest.fixture
def other():
    return make_organisation(name="Stowarzyszenie Obce")


def test_the_list_holds_only_own_applications_paged_and_filtered(api, organisation, other):
    first = apply(organisation, first_name="Ala", email="ala@example.org")
    apply(organisation, first_name="Bartek")
    apply(other, first_name="Zenon")
    people.change_application_status(first, S.ACCEPTED, via=Channel.ADMIN)
    response = api.get("applications")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 2 and {item["first_name"] for item in body["items"]} == {"Ala", "Bartek"}
    assert set(body["items"][0]) == {"id", "first_name", "opportunity", "status", "created_at"}
    assert "ala@example.org" not in response.content.decode()
    assert api.get("applications", {"status": S.ACCEPTED}).json()["count"] == 1
    assert api.get("applications", {"limit": 1, "offset": 1}).json()["count"] == 2
    assert len(api.get("applications", {"limit": 1}).json()["items"]) == 1
    assert api.get("applications", {"status": "wszystko"}).status_code == 422
    assert not ApplicantDataAccess.objects.exists()


def test_the_list_runs_a_constant_number_of_queries(api, organisation, django_assert_max_num_queries):
    apply(organisation)
    with django_assert_max_num_queries(30) as one:
        api.get("applications")
    for number in range(8):
        apply(organisation, first_name=f"Osoba{number}", title=f"Oferta {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get("applications")


def test_reading_an_application_writes_one_audit_entry(api, manager, organisation):
    application = apply(organisation, email="ala@example.org", phone="600 100 200")
    response = api.get(f"applications/{application.pk}")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    body = response.json()
    assert (body["first_name"], body["email"], body["phone"]) == ("Ala", "ala@example.org", "600 100 200")
    assert body["allowed_statuses"] == [S.IN_CONTACT, S.ACCEPTED, S.DECLINED]
    entry = ApplicantDataAccess.objects.get()
    assert (entry.user, entry.organisation, entry.via) == (manager.user, organisation, Channel.API)


def test_contact_is_hidden_after_the_access_period(api, organisation, settings):
    settings.CAS_PARTNER_CONTACT_ACCESS_DAYS = 30
    application = apply(organisation, email="ala@example.org")
    people.change_application_status(application, S.DECLINED, via=Channel.ADMIN)
    Application.objects.filter(pk=application.pk).update(closed_at=timezone.now() - timedelta(days=31))
    body = api.get(f"applications/{application.pk}").json()
    assert body["email"] is None and body["phone"] is None
    assert (body["contact_visible"], body["contact_hidden_reason"]) == (False, "closed")


def test_answering_emails_the_volunteer(api, organisation, django_capture_on_commit_callbacks):
    application = apply(organisation, email="ala@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"applications/{application.pk}/status", {"status": S.ACCEPTED, "message": "Do zobaczenia!"}
        )
    assert response.status_code == 200, response.content
    assert response.json() == {"id": application.pk, "status": S.ACCEPTED, "allowed_statuses": [S.COMPLETED]}
    [email] = mail.outbox
    assert email.to == ["ala@example.org"] and "Do zobaczenia!" in email.body
    application.refresh_from_db()
    assert application.status == S.ACCEPTED


def test_a_transition_not_allowed_is_409_and_bad_input_422(api, organisation):
    application = apply(organisation)
    people.withdraw_application(application.volunteer, application.pk)
    response = api.post(f"applications/{application.pk}/status", {"status": S.ACCEPTED})
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    fresh = apply(organisation)
    response = api.post(f"applications/{fresh.pk}/status", {"status": S.WITHDRAWN})
    assert response.status_code == 409
    assert response.json()["detail"] == "Zgłoszenie może wycofać tylko wolontariusz."
    for body, field in (
        ({"status": "zatwierdzone"}, "status"),
        ({"status": S.ACCEPTED, "message": "x" * 2001}, "message"),
        ({"status": S.ACCEPTED, "extra": 1}, "extra"),
    ):
        response = api.post(f"applications/{fresh.pk}/status", body)
        assert response.status_code == 422, body
        assert field in str(response.json()["errors"]), body
    fresh.refresh_from_db()
    assert fresh.status == S.NEW


def test_projects_are_proposed_listed_read_and_commented(
    api, manager, organisation, settings, django_capture_on_commit_callbacks
):
    assert api.get("projects").json() == {"count": 0, "items": []}
    proposal = {
        "title": "Letnia akademia liderów",
        "description": "Tydzień warsztatów.",
        "age_min": 14,
        "age_max": 18,
        "needs": ["sala", "mentoring"],
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("projects", proposal)
    assert response.status_code == 201, response.content
    project = YouthProject.objects.get()
    assert response.json()["id"] == project.pk and response.json()["status"] == "submitted"
    assert project.proposed_by == manager.user
    assert [m.to for m in mail.outbox] == [[settings.CAS_STAFF_EMAIL]]
    directory.decide_project(project, ProjectStatus.ACCEPTED, by=None, comment="Wchodzimy w to.")
    body = api.get(f"projects/{project.pk}").json()
    assert body["status"] == "accepted"
    assert [(e["kind"], e["from_organisation"], e["comment"]) for e in body["thread"]] == [
        ("proposed", True, ""),
        ("status", False, "Wchodzimy w to."),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"projects/{project.pk}/comments", {"comment": "Dziękujemy!"})
    assert response.status_code == 201 and response.json()["from_organisation"] is True
    assert [m.to for m in mail.outbox] == [[settings.CAS_STAFF_EMAIL]]
    assert api.get("projects").json()["count"] == 1


def test_a_proposal_the_rules_refuse_is_422_by_field(api):
    base = {"title": "T", "description": "D", "age_min": 14, "age_max": 18, "needs": ["sala"]}
    for body, field in (
        ({**base, "age_min": 18, "age_max": 14}, "age_max"),
        ({**base, "needs": []}, "needs"),
        ({**base, "needs": ["helikopter"]}, "needs"),
        ({**base, "starts_on": "2030-05-02", "ends_on": "2030-05-01"}, "ends_on"),
        ({**base, "status": "accepted"}, "status"),
    ):
        response = api.post("projects", body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["errors"]), body
    assert not YouthProject.objects.exists()


def test_another_organisations_ids_are_404_and_nothing_changes(api, other):
    theirs = apply(other, first_name="Zenon", email="zenon@example.org")
    project = make_youth_project(other, None, title="Obcy projekt")
    for response in (
        api.get(f"applications/{theirs.pk}"),
        api.post(f"applications/{theirs.pk}/status", {"status": S.DECLINED}),
        api.get(f"projects/{project.pk}"),
        api.post(f"projects/{project.pk}/comments", {"comment": "Hej"}),
    ):
        assert response.status_code == 404, response.content
        assert "Zenon" not in response.content.decode() and "Obcy" not in response.content.decode()
    assert api.get("applications").json()["count"] == 0 and api.get("projects").json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.status == S.NEW and not ApplicantDataAccess.objects.exists()
    assert not YouthProjectEvent.objects.filter(kind="comment").exists()


OPERATIONS = [
    ("get", "applications/{application}", None),
    ("get", "applications", None),
    ("post", "applications/{application}/status", {"status": S.DECLINED}),
    ("get", "projects", None),
    ("post", "projects", {"title": "T", "description": "D", "age_min": 14, "age_max": 18, "needs": ["sala"]}),
    ("get", "projects/{project}", None),
    ("post", "projects/{project}/comments", {"comment": "Hej"}),
]


@pytest.mark.parametrize("who", ["no token", "made-up token", "revoked token", "removed member"])
def test_every_new_operation_refuses_without_a_live_token(client, manager, organisation, who):
    application, project = apply(organisation), make_youth_project(organisation, manager.user)
    raw = {"no token": None, "made-up token": "cas_pat_" + "0" * 40}.get(who)
    if who == "revoked token":
        raw = partner_token(manager)
        partner_services.revoke_token(manager.tokens.get())
    if who == "removed member":
        member = make_partner(organisation, role="member")
        raw = partner_token(member)
        partner_services.remove_member(member)
    caller = Caller(client, raw)
    for method, path, body in OPERATIONS:
        path = path.format(application=application.pk, project=project.pk)
        response = caller.get(path) if method == "get" else caller.post(path, body)
        assert response.status_code == 401, (who, method, path, response.status_code)
    application.refresh_from_db()
    assert application.status == S.NEW and not ApplicantDataAccess.objects.exists()
    assert YouthProject.objects.count() == 1
