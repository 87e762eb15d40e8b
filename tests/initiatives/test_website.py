import pytest
from django.core import mail
from django.utils import timezone

from home.registry import home_sections
from initiatives.choices import SubmissionStatus
from initiatives.models import IdeaSubmission
from tests.factories import WAGTAIL_RENDITION_LEAK

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "group_name": "Zielone Podwórko",
        "informal_group": "tak",
        "members_count": "5",
        "age_min": "15",
        "age_max": "17",
        "leader_name": "Anna Testowa",
        "email": "anna@example.org",
        "phone": "",
        "birth_year": str(timezone.localdate().year - 19),
        "guardian_email": "",
        "title": "Ogród na podwórku",
        "description": "Chcemy zamienić zaniedbane podwórko w ogród sąsiedzki.",
        "needs": ["materialy", "sala"],
        "funding_amount": "",
        "district": "zagorze",
        "planned_start": "",
        "planned_end": "",
        "terms": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("path", "lang"), [("/zglos-pomysl/", "pl"), ("/en/zglos-pomysl/", "en"), ("/uk/zglos-pomysl/", "uk")]
)
def test_form_is_served_in_every_language(client, home_page, path, lang):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'name="website"' in html
    assert "<legend>" in html
    assert "no-store" in response["Cache-Control"]


def test_submitting_the_form_shows_the_reference(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/zglos-pomysl/", form_data(), follow=True)
    assert response.status_code == 200
    submission = IdeaSubmission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.needs == ["sala", "materialy"]
    assert submission.reference in response.content.decode()
    assert any(submission.reference in m.body for m in mail.outbox if m.to == ["anna@example.org"])


def test_english_form_gets_english_messages_and_e_mail(client, home_page, django_capture_on_commit_callbacks):
    response = client.post("/en/zglos-pomysl/", form_data(terms=""))
    assert response.status_code == 422
    assert "Please correct the errors in the form" in response.content.decode()
    assert "We only ask for the year." in response.content.decode()
    assert "Ми питаємо лише про рік." in client.get("/uk/zglos-pomysl/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/zglos-pomysl/", form_data())
    submission = IdeaSubmission.objects.get()
    assert submission.language == "en"
    leader_mail = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert leader_mail.subject == f"We have received your idea — {submission.reference}"
    assert "thank you for submitting an idea" in leader_mail.body


def test_errors_keep_what_was_typed_and_are_linked_to_fields(client, home_page):
    response = client.post(
        "/zglos-pomysl/", form_data(terms="", birth_year=str(timezone.localdate().year - 14))
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Popraw błędy w formularzu" in html
    assert 'value="Zielone Podwórko"' in html
    assert 'aria-invalid="true"' in html
    assert not IdeaSubmission.objects.exists()

    response = client.post("/zglos-pomysl/", form_data(birth_year=str(timezone.localdate().year - 14)))
    assert response.status_code == 422
    assert "e-mail opiekuna prawnego" in response.content.decode()
    assert 'href="#id_guardian_email"' in response.content.decode()


def test_honeypot_on_the_form_stores_nothing(client, home_page):
    response = client.post("/zglos-pomysl/", form_data(website="spam"), follow=True)
    assert response.status_code == 200
    assert "CAS-" in response.content.decode()
    assert not IdeaSubmission.objects.exists()
    assert not mail.outbox


def test_guardian_confirms_through_the_website(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/zglos-pomysl/",
            form_data(birth_year=str(timezone.localdate().year - 14), guardian_email="tata@example.org"),
        )
    submission = IdeaSubmission.objects.get()
    assert submission.status == SubmissionStatus.PENDING_GUARDIAN
    link = next(m for m in mail.outbox if m.to == ["tata@example.org"]).body
    url = next(line for line in link.splitlines() if "zgoda-opiekuna" in line).strip()
    path = url.removeprefix("http://testserver")
    token = path.split("token=")[1]

    page = client.get(path)  # opening the link alone changes nothing
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "Anna Testowa" not in page.content.decode()
    assert IdeaSubmission.objects.get().status == SubmissionStatus.PENDING_GUARDIAN

    confirmed = client.post("/zglos-pomysl/zgoda-opiekuna/", {"token": token})
    assert confirmed.status_code == 200
    assert submission.reference in confirmed.content.decode()
    assert IdeaSubmission.objects.get().status == SubmissionStatus.SUBMITTED

    again = client.post("/zglos-pomysl/zgoda-opiekuna/", {"token": token})
    assert again.status_code == 410
    assert client.get(path).status_code == 410


def test_home_page_section_is_empty_without_stories(rf, home_page):
    assert not any(s.template == "initiatives/home_section.html" for s in home_sections(rf.get("/")))


@WAGTAIL_RENDITION_LEAK
def test_home_page_shows_recent_stories(client, story_factory):
    for number in range(4):
        story_factory(number, year=2020 + number)
    html = client.get("/").content.decode()
    assert "Historie sukcesu" in html
    assert "Historia 3" in html and "Historia 1" in html
    assert "Historia 0" not in html
    assert 'href="/inicjatywy/"' in html
