import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from home.links import hash_link, links_of
from home.models import EmailLink
from initiatives.choices import SubmissionStatus
from initiatives.models import IdeaSubmission
from tests.factories import idea_payload

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^CAS-\d{4}-\d{4}$")


@pytest.fixture
def post_idea(api_post, django_capture_on_commit_callbacks):
    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return api_post("ideas/", idea_payload(**overrides))

    return post


def guardian_token_from_mail():
    message = next(m for m in mail.outbox if "opiekun" in m.subject.lower())
    return re.search(r"token=([\w-]+)", message.body).group(1)


def test_submission_is_stored_with_reference_and_confirmed_by_email(post_idea, settings):
    response = post_idea()
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted"
    assert REFERENCE.match(body["reference"])
    assert "no-store" in response["Cache-Control"]

    submission = IdeaSubmission.objects.get()
    assert submission.reference == body["reference"]
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.needs == ["mentoring", "materialy"]
    assert submission.consent_terms_version
    assert submission.events.get().to_status == SubmissionStatus.SUBMITTED

    leader_mail = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert body["reference"] in leader_mail.subject
    assert body["reference"] in leader_mail.body
    assert "Ogród na podwórku" not in leader_mail.body  # never confirmed: none of the typed text
    staff_mail = next(m for m in mail.outbox if m.to == [settings.CAS_STAFF_EMAIL])
    assert "anna@example.org" not in staff_mail.body


def test_references_are_consecutive_and_unique(post_idea):
    first = post_idea().json()["reference"]
    second = post_idea(email="b@example.org").json()["reference"]
    assert first != second
    assert int(second[-4:]) == int(first[-4:]) + 1


def test_honeypot_gets_the_same_answer_and_nothing_is_stored(post_idea):
    response = post_idea(website="http://spam.example")
    assert response.status_code == 201
    assert REFERENCE.match(response.json()["reference"])
    assert response.json()["status"] == "submitted"
    assert not IdeaSubmission.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("overrides", "loc", "message"),
    [
        ({"consents": {"terms": False}}, ["body", "payload", "consents", "terms"], "Zaakceptuj regulamin"),
        ({"district": "atlantyda"}, ["body", "payload", "district"], "Nieznana dzielnica"),
        ({"needs": ["finansowanie"]}, ["body", "payload", "funding_amount"], "kwotę"),
        ({"age_min": 18, "age_max": 14}, ["body", "payload", "age_max"], "Wiek"),
    ],
)
def test_rules_are_refused_with_polish_messages(post_idea, overrides, loc, message):
    response = post_idea(**overrides)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    error = response.json()["errors"][0]
    assert error["loc"] == loc
    assert message in error["msg"]
    assert not IdeaSubmission.objects.exists()


def test_schema_errors_unknown_fields_and_bad_values_give_422(post_idea):
    response = post_idea(status="realised")
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "Nieznane pole."
    assert post_idea(needs=["helikopter"]).status_code == 422
    response = post_idea(email="to-nie-jest-adres")
    assert response.status_code == 422
    assert "adres e-mail" in response.json()["errors"][0]["msg"]
    assert not IdeaSubmission.objects.exists()


def test_funding_need_with_amount_is_stored(post_idea):
    assert post_idea(needs=["finansowanie"], funding_amount="1500.00").status_code == 201
    assert str(IdeaSubmission.objects.get().funding_amount) == "1500.00"


def test_under_16_leader_must_give_guardian_email(post_idea):
    young = timezone.localdate().year - 15
    response = post_idea(birth_year=young)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "guardian_email"]
    assert "opiekuna" in response.json()["errors"][0]["msg"]


def test_sixteen_by_birth_year_needs_no_guardian(post_idea):
    response = post_idea(birth_year=timezone.localdate().year - 16)
    assert response.status_code == 201
    assert response.json()["guardian_confirmation_required"] is False


def test_guardian_confirms_before_staff_see_the_submission_as_active(post_idea, api_post, settings):
    response = post_idea(birth_year=timezone.localdate().year - 14, guardian_email="mama@example.org")
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert response.json()["guardian_confirmation_required"] is True

    submission = IdeaSubmission.objects.get()
    assert submission.status == SubmissionStatus.PENDING_GUARDIAN
    assert not submission.is_active
    assert not [m for m in mail.outbox if m.to == [settings.CAS_STAFF_EMAIL]]
    guardian_mail = next(m for m in mail.outbox if m.to == ["mama@example.org"])
    token = guardian_token_from_mail()
    assert len(token) >= 43  # 256 random bits, url-safe
    assert token not in str(IdeaSubmission.objects.values_list().get())
    assert links_of(submission).get().token_hash == hash_link(token)  # only the hash is stored
    assert "/zglos-pomysl/zgoda-opiekuna/?token=" in guardian_mail.body

    confirmed = api_post("ideas/guardian-confirm", {"token": token})
    assert confirmed.status_code == 200
    assert confirmed.json() == {"status": "submitted"}
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.is_active
    assert submission.guardian_confirmed_at
    assert not links_of(submission).filter(used_at__isnull=True).exists()
    assert [e.kind for e in submission.events.all()] == ["created", "guardian"]

    again = api_post("ideas/guardian-confirm", {"token": token})
    assert again.status_code == 410
    assert "wygasł albo został już użyty" in again.json()["detail"]


def test_expired_or_unknown_guardian_token_is_gone(post_idea, api_post):
    post_idea(birth_year=timezone.localdate().year - 14, guardian_email="mama@example.org")
    token = guardian_token_from_mail()
    EmailLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_post("ideas/guardian-confirm", {"token": token}).status_code == 410
    assert api_post("ideas/guardian-confirm", {"token": "x" * 43}).status_code == 410
    assert IdeaSubmission.objects.get().status == SubmissionStatus.PENDING_GUARDIAN


def test_rate_limit_applies_to_idea_submissions(post_idea, settings):
    settings.CAS_RATE_LIMIT = "2/h"
    assert post_idea().status_code == 201
    assert post_idea().status_code == 201
    response = post_idea()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert IdeaSubmission.objects.count() == 2


def test_submissions_never_confirmed_by_a_guardian_are_purged(post_idea):
    from io import StringIO

    from django.core.management import call_command

    post_idea(birth_year=timezone.localdate().year - 14, guardian_email="mama@example.org")
    post_idea(email="dorosly@example.org")
    out = StringIO()
    call_command("purge_unconfirmed_ideas", stdout=out)
    assert IdeaSubmission.objects.count() == 2
    IdeaSubmission.objects.update(submitted_at=timezone.now() - timedelta(days=8))
    call_command("purge_unconfirmed_ideas", stdout=out)
    assert list(IdeaSubmission.objects.values_list("email", flat=True)) == ["dorosly@example.org"]
    assert "1" in out.getvalue().splitlines()[-1]


def test_openapi_documents_the_initiatives_routes(client):
    schema = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/stories/" in schema["paths"]
    assert "/api/v3/ideas/" in schema["paths"]
    idea = schema["components"]["schemas"]["IdeaIn"]
    assert {
        "group_name",
        "leader_name",
        "email",
        "birth_year",
        "members_count",
        "title",
        "description",
        "needs",
        "district",
        "consents",
    } <= set(idea["required"])
    card = schema["components"]["schemas"]["StoryCard"]["properties"]
    assert not {"email", "leader_name", "birth_year"} & set(card)
