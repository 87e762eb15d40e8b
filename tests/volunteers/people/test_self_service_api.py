"""Self-service through the API: access link, own data, correction, export, erasure."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from home.links import LinkGone
from home.models import EmailLink, OutgoingEmail
from tests.factories import mails_to, make_opportunity, make_volunteer, self_service_token
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, ConsentPurpose
from volunteers.people.models import Application, Consent, Volunteer

pytestmark = pytest.mark.django_db


def test_access_link_answers_202_always_and_mails_only_known_people(api_post, commit):
    make_volunteer(email="jestem@example.org")
    known = commit(api_post, "volunteers/access-link", {"email": "jestem@example.org"})
    unknown = commit(api_post, "volunteers/access-link", {"email": "nie-ma-mnie@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    [message] = mails_to("jestem@example.org")
    assert "/wolontariat/moje-dane/?token=" in message.body
    assert "24 godziny" in message.body
    assert not mails_to("nie-ma-mnie@example.org")


def test_access_link_refuses_unknown_fields(api_post):
    assert api_post("volunteers/access-link", {"email": "a@example.org", "admin": True}).status_code == 422


def test_me_shows_own_data_and_is_never_cached(bearer):
    volunteer = make_volunteer(first_name="Ala", skills=["fotografia"], phone="123456789")
    response = bearer("get", "volunteers/me", self_service_token(volunteer))
    assert response.status_code == 200
    data = response.json()
    assert data["first_name"] == "Ala" and data["skills"] == ["fotografia"] and data["phone"] == "123456789"
    assert "no-store" in response["Cache-Control"]


def test_me_without_or_with_a_bad_token(client, bearer):
    assert client.get("/api/v3/volunteers/me").status_code == 401
    assert bearer("get", "volunteers/me", "x" * 43).status_code == 401  # never issued: not a link at all
    used = self_service_token(make_volunteer())
    services.open_self_service(used)  # exchanged on the website
    response = bearer("get", "volunteers/me", used)
    assert response.status_code == 410
    assert "moje-dane" in response.json()["detail"]


def test_expired_self_service_token_answers_410(bearer):
    volunteer = make_volunteer()
    token = self_service_token(volunteer)
    EmailLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = bearer("get", "volunteers/me", token)
    assert response.status_code == 410
    assert "Poproś o nowy" in response.json()["detail"]


def test_tokens_are_random_and_only_their_hash_is_stored():
    volunteer = make_volunteer()
    raw = self_service_token(volunteer)
    assert len(raw) >= 43  # 32 bytes = 256 bits, base64url
    stored = EmailLink.objects.get()
    assert stored.token_hash != raw and len(stored.token_hash) == 64
    assert raw not in str(EmailLink.objects.values_list())
    with pytest.raises(LinkGone):
        services.volunteer_for_token(raw[:-1] + ("A" if raw[-1] != "A" else "B"))


def test_patch_corrects_data_and_refuses_unknown_fields(bearer):
    volunteer = make_volunteer(first_name="Ala")
    token = self_service_token(volunteer)
    response = bearer(
        "patch",
        "volunteers/me",
        token,
        {"first_name": "Alicja", "skills": ["grafika"], "availability": ["wieczory"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "Alicja"
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Alicja" and volunteer.availability == ["wieczory"]
    assert [s.slug for s in volunteer.skills.all()] == ["grafika"]
    assert bearer("patch", "volunteers/me", token, {"email": "inny@example.org"}).status_code == 422
    assert bearer("patch", "volunteers/me", token, {"status": "active"}).status_code == 422
    assert bearer("patch", "volunteers/me", token, {"district": "atlantyda"}).status_code == 422


def test_export_holds_all_their_data(bearer):
    volunteer = make_volunteer(
        first_name="Ala", phone="600700800", about="O mnie", skills=["fotografia"], areas=["ekologia"],
        availability=["weekendy"],
    )  # fmt: skip
    opportunity = make_opportunity(title="Fotorelacja z festynu")
    services.apply_to_opportunity(volunteer, opportunity.pk, "Chętnie pomogę")
    response = bearer("get", "volunteers/me/export", self_service_token(volunteer))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    person = data["volunteer"]
    for name in ("first_name", "email", "phone", "birth_year", "district", "about", "status", "availability"):
        assert person[name] == getattr(volunteer, name) if name != "district" else person[name] == "zagorze"
    assert person["skills"] == ["fotografia"] and person["areas"] == ["ekologia"]
    assert {c["purpose"] for c in data["consents"]} == {"terms", "data_processing"}
    assert all(c["text"] and len(c["text_sha256"]) == 64 for c in data["consents"])
    [application] = data["applications"]
    assert application["opportunity"]["title"] == "Fotorelacja z festynu"
    assert application["message"] == "Chętnie pomogę" and application["status"] == "nowe"
    # every concrete field of the model is accounted for in the export
    exported = set(person) | {"id", "skills", "areas"}
    model_fields = {f.name for f in Volunteer._meta.concrete_fields} - {
        "id",
        "district",
        "preferred_opportunity",
    }
    assert model_fields <= exported


def text_columns():
    """Every (model, field) that holds text in any table of the project."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                yield model, field


def occurrences(needle):
    found = []
    needle = needle.lower()
    for model, field in text_columns():
        for value in model.objects.values_list(field.attname, flat=True):
            if value is not None and needle in str(value).lower():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_erasure_leaves_no_trace_of_email_name_or_phone(bearer, api_post, commit, coordinator_user, client):
    token_owner = make_volunteer(
        first_name="Bogumiła",
        email="bogumila.unikalna@example.org",
        phone="+48 777 888 999",
        about="Nazywam się Bogumiła, mój numer to +48 777 888 999",
        guardian_email="",
        skills=["fotografia"],
    )
    opportunity = make_opportunity(title="Sadzenie drzew")
    commit(
        services.apply_to_opportunity, token_owner, opportunity.pk, "Bogumiła tu, dzwońcie: +48 777 888 999"
    )
    commit(api_post, "volunteers/access-link", {"email": "bogumila.unikalna@example.org"})
    OutgoingEmail.objects.create(kind="people.welcome", to=token_owner.email, context={"x": 1})
    # a coordinator looked at the record (the audit log must not keep the name)
    client.force_login(coordinator_user)
    from volunteers.people.viewsets import VolunteerAdmin

    client.get(VolunteerAdmin().url_helper.get_action_url("inspect", token_owner.pk))
    client.logout()
    assert occurrences("bogumila.unikalna@example.org")

    token = self_service_token(token_owner)
    response = bearer("delete", "volunteers/me", token)
    assert response.status_code == 204

    for needle in ("bogumila.unikalna@example.org", "Bogumiła", "777 888 999"):
        assert occurrences(needle) == [], needle
    assert not Volunteer.objects.exists()
    application = Application.objects.get()
    assert application.volunteer is None and application.message == ""
    assert application.status == ApplicationStatus.WITHDRAWN
    ledger = Consent.objects.all()
    assert ledger.count() == 2
    assert all(c.volunteer_id is None and c.withdrawn_at and len(c.text_sha256) == 64 for c in ledger)
    assert not EmailLink.objects.exists()
    assert bearer("get", "volunteers/me", token).status_code == 401  # nothing is left to know it by


def test_withdrawing_newsletter_closes_the_ledger_row():
    volunteer = make_volunteer(wants_newsletter=True)
    services.record_consent(volunteer, ConsentPurpose.NEWSLETTER)
    assert services.withdraw_consent(volunteer, ConsentPurpose.NEWSLETTER) == 1
    consent = Consent.objects.get(volunteer=volunteer, purpose=ConsentPurpose.NEWSLETTER)
    assert consent.withdrawn_at is not None
    volunteer.refresh_from_db()
    assert not volunteer.wants_newsletter
    with pytest.raises(services.ConsentRequired):
        services.withdraw_consent(volunteer, ConsentPurpose.DATA_PROCESSING)


def test_access_link_also_renews_the_guardian_link_while_consent_is_pending(api_post, commit):
    from volunteers.people.choices import VolunteerStatus

    make_volunteer(
        age=15, status=VolunteerStatus.PENDING_GUARDIAN, email="m@example.org", guardian_email="g@example.org"
    )
    commit(api_post, "volunteers/access-link", {"email": "m@example.org"})
    assert len(mails_to("m@example.org")) == 1
    [guardian_mail] = mails_to("g@example.org")
    assert "/wolontariat/zgoda-opiekuna/?token=" in guardian_mail.body


def test_access_link_for_an_unconfirmed_address_sends_a_confirmation_link(api_post, commit):
    from volunteers.people.choices import VolunteerStatus

    make_volunteer(status=VolunteerStatus.PENDING_CONFIRMATION, email="p@example.org")
    commit(api_post, "volunteers/access-link", {"email": "p@example.org"})
    [message] = mails_to("p@example.org")
    assert "/wolontariat/potwierdz/?token=" in message.body


def test_access_link_rate_limit_and_honeypot(api_post, commit, settings):
    make_volunteer(email="h@example.org")
    trapped = commit(api_post, "volunteers/access-link", {"email": "h@example.org", "website": "x"})
    assert trapped.status_code == 202 and not mails_to("h@example.org")
    settings.CAS_RATE_LIMIT = "1/h"
    assert api_post("volunteers/access-link", {"email": "h@example.org"}).status_code == 202
    limited = api_post("volunteers/access-link", {"email": "h@example.org"})
    assert limited.status_code == 429 and limited["Retry-After"]
