import pytest
from django.core import mail

from campaigns.models import SchoolRequest
from home.models import OutgoingEmail
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

VALID = {
    "school_name": "Szkoła Podstawowa nr 7 w Sosnowcu",
    "contact_name": "Anna Przykładowa",
    "email": "anna.przykladowa@example.org",
    "phone": "+48 500 600 700",
    "class_level": "klasy-4-8",
    "pupils": 26,
    "preferred_dates": "wtorki w marcu",
    "message": "Chcemy zaprosić dwie klasy.",
    "consent": True,
}


@pytest.fixture
def campaign(campaign_index):
    return make_campaign(campaign_index)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit tasks (e-mails) as a committed request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_api_stores_request_with_reference_and_sends_emails(api_post, campaign, settings, on_commit):
    settings.CAS_STAFF_EMAIL = "zespol@example.org"
    with on_commit():
        response = api_post("school-requests/", {**VALID, "campaign": campaign.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "new"
    assert body["reference"].startswith("CAS-") and len(body["reference"]) == len("CAS-2026-0001")
    assert "no-store" in response["Cache-Control"]
    stored = SchoolRequest.objects.get(reference=body["reference"])
    assert stored.campaign == campaign
    assert stored.pupils == 26
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["anna.przykladowa@example.org", "zespol@example.org"]
    confirmation = next(m for m in mail.outbox if m.to == ["anna.przykladowa@example.org"])
    assert body["reference"] in confirmation.subject
    assert "Bezpieczny internet" in confirmation.body
    stored.refresh_from_db()
    assert OutgoingEmail.objects.about(stored).filter(sent_at__isnull=False).count() == 2


def test_references_are_unique(api_post):
    references = {api_post("school-requests/", VALID).json()["reference"] for _ in range(3)}
    assert len(references) == 3


def test_api_validation_errors_are_polish(api_post):
    response = api_post(
        "school-requests/", {**VALID, "email": "nie-email", "pupils": 0, "class_level": "przedszkole", "x": 1}
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"][2:]): e["msg"] for e in response.json()["errors"]}
    assert errors[("email",)] == "Podaj poprawny adres e-mail."
    assert errors[("pupils",)].startswith("Wartość jest za mała")
    assert errors[("class_level",)] == "Niedozwolona wartość."
    assert errors[("x",)] == "Nieznane pole."
    assert not SchoolRequest.objects.exists()


@pytest.mark.parametrize("consent", [{"consent": False}, {}], ids=["false", "missing"])
def test_api_refuses_a_request_without_consent_like_the_website(api_post, campaign, consent):
    body = {key: value for key, value in VALID.items() if key != "consent"}
    response = api_post("school-requests/", {**body, **consent, "campaign": campaign.pk})
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "payload", "consent"]
    assert error["msg"] == "Bez tej zgody nie możemy przyjąć zgłoszenia."
    assert not SchoolRequest.objects.exists()
    assert mail.outbox == []


def test_the_service_itself_refuses_a_request_without_consent(campaign):
    """The website form and the API call the same service: the rule lives there, not in a form."""
    from campaigns.services import ConsentRequired, submit_school_request

    data = {key: value for key, value in VALID.items() if key != "consent"}
    with pytest.raises(ConsentRequired):
        submit_school_request(data, campaign=campaign)
    with pytest.raises(ConsentRequired):
        submit_school_request({**data, "consent": False}, campaign=campaign)
    assert not SchoolRequest.objects.exists()


def test_website_form_without_consent_is_refused_with_the_services_message(client, campaign):
    response = client.post("/kampanie/bezpieczny-internet/", form_data(consent=""))
    assert response.status_code == 200
    assert "Bez tej zgody nie możemy przyjąć zgłoszenia." in response.content.decode()
    assert not SchoolRequest.objects.exists()


def test_api_unknown_campaign_is_422(api_post, campaign_index):
    response = api_post("school-requests/", {**VALID, "campaign": 999999})
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "Nie ma takiej kampanii."


def test_honeypot_gets_same_answer_and_nothing_is_stored(api_post):
    response = api_post("school-requests/", {**VALID, "website": "http://spam.example"})
    assert response.status_code == 201
    assert response.json()["status"] == "new"
    assert not SchoolRequest.objects.exists()
    assert mail.outbox == []


def form_data(**overrides):
    data = {**VALID, "consent": "on", "website": ""}
    data.update(overrides)
    return data


def test_website_form_stores_request_and_redirects(client, campaign, on_commit):
    with on_commit():
        response = client.post("/kampanie/bezpieczny-internet/", form_data())
    assert response.status_code == 302
    stored = SchoolRequest.objects.get()
    assert stored.campaign == campaign and stored.consent_at is not None
    page = client.get(response["Location"]).content.decode()
    assert stored.reference in page
    assert len(mail.outbox) == 2


def test_website_form_errors_are_polish_and_keep_input(client, campaign):
    response = client.post("/kampanie/bezpieczny-internet/", form_data(consent="", email="zly", pupils=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Popraw błędy w formularzu" in html
    assert "Bez tej zgody nie możemy przyjąć zgłoszenia." in html
    assert "Wprowadź poprawny adres email." in html
    assert "To pole jest wymagane." in html
    assert "Szkoła Podstawowa nr 7 w Sosnowcu" in html
    assert not SchoolRequest.objects.exists()


def test_failed_mail_does_not_lose_the_request(api_post, monkeypatch, on_commit):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with on_commit():
        response = api_post("school-requests/", VALID)
    assert response.status_code == 201
    stored = SchoolRequest.objects.get()
    unsent = OutgoingEmail.objects.about(stored).filter(sent_at__isnull=True)
    assert unsent.count() == 2 and all(e.last_error for e in unsent)  # kept; a retry will send them


def test_website_honeypot_is_ignored_silently(client, campaign):
    response = client.post("/kampanie/bezpieczny-internet/", form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not SchoolRequest.objects.exists()


def test_school_requests_are_rate_limited(api_post, settings):
    settings.CAS_RATE_LIMIT = "2/h"
    assert api_post("school-requests/", VALID).status_code == 201
    assert api_post("school-requests/", VALID).status_code == 201
    response = api_post("school-requests/", VALID)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert SchoolRequest.objects.count() == 2


def test_school_request_form_fields_are_labelled(client, campaign):
    html = client.get("/kampanie/bezpieczny-internet/").content.decode()
    for name in [
        "school_name",
        "contact_name",
        "email",
        "phone",
        "pupils",
        "preferred_dates",
        "message",
        "consent",
    ]:
        assert f'for="id_{name}"' in html
    assert "<legend>Poziom klas" in html
    assert 'class="hp" aria-hidden="true"' in html
