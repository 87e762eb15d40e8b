"""Registration through the API: double opt-in, guardian consent, age rules, identical answers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from home.models import EmailLink
from tests.factories import born, mails_to, make_volunteer, registration, token_from
from volunteers.people.choices import ConsentPurpose, GivenBy, VolunteerStatus
from volunteers.people.models import Consent, Volunteer

pytestmark = pytest.mark.django_db


def test_adult_registers_pending_then_confirms_active(api_post, commit):
    response = commit(api_post, "volunteers/", registration())
    assert response.status_code == 202
    volunteer = Volunteer.objects.get(email="zuzanna.testowa@example.org")
    assert volunteer.status == VolunteerStatus.PENDING_CONFIRMATION
    assert [s.slug for s in volunteer.skills.all()] == ["fotografia"]
    assert volunteer.availability == ["weekendy"]
    [message] = mail.outbox
    assert "72 godziny" in message.body
    assert "/wolontariat/potwierdz/?token=" in message.body

    response = commit(api_post, "volunteers/confirm", {"token": token_from(message)})
    assert response.json() == {"status": "active"}
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.ACTIVE and volunteer.confirmed_at
    assert mails_to(volunteer.email)[-1].subject == "Witamy w bazie wolontariuszy CAS"


def test_minor_waits_for_guardian_who_gets_the_consent_text(api_post, commit):
    data = registration(birth_year=born(15), guardian_email="Mama.Testowa@example.org")
    commit(api_post, "volunteers/", data)
    response = commit(api_post, "volunteers/confirm", {"token": token_from(mail.outbox[0])})
    assert response.json() == {"status": "pending_guardian"}
    [guardian_mail] = mails_to("mama.testowa@example.org")
    assert "Jako rodzic lub opiekun prawny wyrażam zgodę" in guardian_mail.body
    assert "/wolontariat/zgoda-opiekuna/?token=" in guardian_mail.body

    response = commit(api_post, "volunteers/guardian-confirm", {"token": token_from(guardian_mail)})
    assert response.status_code == 200
    assert response.json() == {"status": "active"}
    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.ACTIVE and volunteer.guardian_confirmed_at
    guardian_consent = Consent.objects.get(volunteer=volunteer, purpose=ConsentPurpose.GUARDIAN)
    assert guardian_consent.given_by == GivenBy.GUARDIAN
    assert len(guardian_consent.text_sha256) == 64


@pytest.mark.parametrize(
    ("age", "guardian", "expected"),
    [
        (12, "opiekun@example.org", 422),
        (13, "opiekun@example.org", 202),
        (13, None, 422),
        (15, "opiekun@example.org", 202),
        (16, "opiekun@example.org", 202),
        (17, None, 422),
        (17, "opiekun@example.org", 202),
        (18, None, 202),
    ],
)
def test_age_boundaries_by_birth_year(api_post, commit, age, guardian, expected):
    data = registration(birth_year=born(age))
    if guardian:
        data["guardian_email"] = guardian
    response = commit(api_post, "volunteers/", data)  # the job after commit stores the person
    assert response.status_code == expected, response.content
    assert Volunteer.objects.exists() == (expected == 202)


def test_under_13_is_told_a_guardian_must_register_them_with_cas(api_post):
    response = api_post(
        "volunteers/", registration(birth_year=born(12), guardian_email="opiekun@example.org")
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert "poniżej 13 lat" in detail and "opiekun" in detail and "CAS" in detail
    assert response.json()["errors"][0]["loc"][-1] == "birth_year"


def test_guardian_email_must_differ_from_own(api_post):
    data = registration(birth_year=born(16), guardian_email="ZUZANNA.testowa@example.org")
    response = api_post("volunteers/", data)
    assert response.status_code == 422
    assert "inny niż Twój" in response.json()["detail"]


def test_newsletter_under_16_is_consented_by_the_guardian_from_16_by_the_volunteer(api_post, commit):
    commit(
        api_post,
        "volunteers/",
        registration(
            email="pietnastka@example.org",
            birth_year=born(15),
            guardian_email="g15@example.org",
            consents={"terms": True, "data_processing": True, "newsletter": True},
        ),
    )
    commit(
        api_post,
        "volunteers/",
        registration(
            email="szesnastka@example.org",
            birth_year=born(16),
            guardian_email="g16@example.org",
            consents={"terms": True, "data_processing": True, "newsletter": True},
        ),
    )
    fifteen = Volunteer.objects.get(email="pietnastka@example.org")
    sixteen = Volunteer.objects.get(email="szesnastka@example.org")
    assert not fifteen.consents.filter(purpose=ConsentPurpose.NEWSLETTER).exists()
    assert sixteen.consents.get(purpose=ConsentPurpose.NEWSLETTER).given_by == GivenBy.VOLUNTEER

    commit(api_post, "volunteers/confirm", {"token": token_from(mails_to("pietnastka@example.org")[0])})
    guardian_mail = mails_to("g15@example.org")[0]
    assert "newsletter" in guardian_mail.body
    commit(api_post, "volunteers/guardian-confirm", {"token": token_from(guardian_mail)})
    assert fifteen.consents.get(purpose=ConsentPurpose.NEWSLETTER).given_by == GivenBy.GUARDIAN


def test_known_email_gets_the_identical_answer_and_a_self_service_link(api_post, commit):
    make_volunteer(email="znana@example.org")
    new = commit(api_post, "volunteers/", registration(email="nowa@example.org"))
    known = commit(api_post, "volunteers/", registration(email="znana@example.org", first_name="Ktoś"))
    assert (new.status_code, new.content) == (known.status_code, known.content)
    assert new["Content-Type"] == known["Content-Type"]
    assert Volunteer.objects.filter(email="znana@example.org").count() == 1
    [message] = mails_to("znana@example.org")
    assert "już w bazie" in message.body
    assert "/wolontariat/moje-dane/?token=" in message.body


def test_known_but_unconfirmed_email_gets_a_fresh_confirmation_link(api_post, commit):
    commit(api_post, "volunteers/", registration())
    commit(api_post, "volunteers/", registration())
    first, second = mails_to("zuzanna.testowa@example.org")
    assert token_from(first) != token_from(second)
    assert Volunteer.objects.count() == 1
    assert commit(api_post, "volunteers/confirm", {"token": token_from(second)}).json() == {
        "status": "active"
    }


def test_email_is_matched_case_insensitively(api_post, commit):
    make_volunteer(email="wielkie@example.org")
    commit(api_post, "volunteers/", registration(email="WIELKIE@Example.org"))
    assert Volunteer.objects.filter(email__iexact="wielkie@example.org").count() == 1


def test_unknown_fields_are_refused(api_post):
    response = api_post("volunteers/", registration(status="active"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "Nieznane pole."
    response = api_post(
        "volunteers/", registration(consents={"terms": True, "data_processing": True, "x": 1})
    )
    assert response.status_code == 422
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"district": "atlantyda"}, "district", "Nie ma dzielnicy"),
        ({"skills": ["zonglerka"]}, "skills", "Nieznana umiejętność"),
        ({"areas": ["kosmos"]}, "areas", "Nieznany obszar"),
        ({"consents": {"terms": False, "data_processing": True}}, "terms", "regulamin"),
        ({"consents": {"terms": True, "data_processing": False}}, "data_processing", "przetwarzanie"),
        ({"email": "to-nie-email"}, "email", "poprawny adres e-mail"),
        ({"availability": ["zawsze"]}, "availability", "Niedozwolona"),
        ({"birth_year": born(-1)}, "birth_year", "rok urodzenia"),
    ],
)
def test_validation_messages_are_polish_with_a_location(api_post, override, field, message):
    response = api_post("volunteers/", registration(**override))
    assert response.status_code == 422
    body = response.json()
    assert any(field in error["loc"] and message in error["msg"] for error in body["errors"]), body
    assert not Volunteer.objects.exists()


def test_honeypot_gets_the_same_answer_and_stores_nothing(api_post, commit):
    normal = commit(api_post, "volunteers/", registration(email="a@example.org"))
    trapped = commit(
        api_post, "volunteers/", registration(email="b@example.org", website="http://spam.example")
    )
    assert (normal.status_code, normal.content) == (trapped.status_code, trapped.content)
    assert not Volunteer.objects.filter(email="b@example.org").exists()
    assert not mails_to("b@example.org")


def test_rate_limit_answers_429_with_retry_after(api_post, settings):
    settings.CAS_RATE_LIMIT = "2/h"
    assert api_post("volunteers/", registration(email="r1@example.org")).status_code == 202
    assert api_post("volunteers/", registration(email="r2@example.org")).status_code == 202
    response = api_post("volunteers/", registration(email="r3@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not Volunteer.objects.filter(email="r3@example.org").exists()


def test_used_confirmation_link_answers_410_with_a_way_forward(api_post, commit):
    commit(api_post, "volunteers/", registration())
    token = token_from(mail.outbox[0])
    assert commit(api_post, "volunteers/confirm", {"token": token}).status_code == 200
    response = api_post("volunteers/confirm", {"token": token})
    assert response.status_code == 410
    assert "/wolontariat/" in response.json()["detail"]


def test_expired_confirmation_link_answers_410(api_post, commit):
    commit(api_post, "volunteers/", registration())
    token = token_from(mail.outbox[0])
    EmailLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_post("volunteers/confirm", {"token": token})
    assert response.status_code == 410
    assert "wygasł" in response.json()["detail"]
    assert Volunteer.objects.get().status == VolunteerStatus.PENDING_CONFIRMATION


def test_confirmation_token_cannot_be_used_as_guardian_or_self_service_token(api_post, commit, bearer):
    commit(api_post, "volunteers/", registration(birth_year=born(14), guardian_email="g@example.org"))
    token = token_from(mail.outbox[0])
    assert api_post("volunteers/guardian-confirm", {"token": token}).status_code == 410
    assert bearer("get", "volunteers/me", token).status_code == 401  # not a self-service token at all
    assert Volunteer.objects.get().status == VolunteerStatus.PENDING_CONFIRMATION


def test_guardian_link_is_single_use(api_post, commit):
    commit(api_post, "volunteers/", registration(birth_year=born(17), guardian_email="g@example.org"))
    commit(api_post, "volunteers/confirm", {"token": token_from(mail.outbox[0])})
    token = token_from(mails_to("g@example.org")[0])
    assert commit(api_post, "volunteers/guardian-confirm", {"token": token}).status_code == 200
    assert api_post("volunteers/guardian-confirm", {"token": token}).status_code == 410
    assert Consent.objects.filter(purpose=ConsentPurpose.GUARDIAN).count() == 1


def test_consents_are_recorded_with_version_and_hash(api_post, commit):
    commit(api_post, "volunteers/", registration())
    volunteer = Volunteer.objects.get()
    purposes = sorted(volunteer.consents.values_list("purpose", flat=True))
    assert purposes == ["data_processing", "terms"]
    for consent in volunteer.consents.select_related("text"):
        assert consent.text_version == consent.text.version == 1
        assert consent.text_sha256 == consent.text.sha256
        assert consent.given_by == GivenBy.VOLUNTEER


def test_registration_never_stores_a_birth_date_pesel_or_address():
    names = {f.name for f in Volunteer._meta.get_fields()}
    assert not names & {"birth_date", "pesel", "address", "street", "date_of_birth"}


def test_empty_guardian_email_counts_as_none(api_post):
    assert api_post("volunteers/", registration(guardian_email="")).status_code == 202
    response = api_post(
        "volunteers/", registration(email="m@example.org", birth_year=born(16), guardian_email="")
    )
    assert response.status_code == 422 and "opiekuna" in response.json()["detail"]
    assert (
        api_post("volunteers/", registration(email="x@example.org", guardian_email="zly")).status_code == 422
    )


@pytest.mark.parametrize(
    "override",
    [
        {"first_name": "Ala\x00"},
        {"skills": ["foto\x00grafia"]},
        {"district": "\x00"},
        {"opportunity": 10**20},
        {"opportunity": -1},
        {"birth_year": 10**30},
        {"consents": {"terms": "tak?", "data_processing": True}},
    ],
    ids=str,
)
def test_hostile_input_is_a_422_never_a_500(api_post, override):
    response = api_post("volunteers/", registration(**override))
    assert response.status_code == 422, response.content
    assert not Volunteer.objects.exists()


def test_malformed_json_is_a_400(client):
    response = client.post("/api/v3/volunteers/", data="{nie json", content_type="application/json")
    assert response.status_code in (400, 422)
