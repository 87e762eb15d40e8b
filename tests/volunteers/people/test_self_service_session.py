"""One live self-service session per person: using a newer e-mailed link ends every older one.

A link that leaked (a forwarded e-mail, a shared computer, an old bearer in an app)
stops working as soon as its owner uses a fresher one, on the API and on the website.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.models import EmailLink
from tests.factories import make_volunteer, self_service_token

pytestmark = pytest.mark.django_db

MY_DATA = "/wolontariat/moje-dane/"


def test_older_bearer_is_gone_once_a_newer_one_is_used(bearer):
    volunteer = make_volunteer()
    older = self_service_token(volunteer)
    assert bearer("get", "volunteers/me", older).status_code == 200
    newer = self_service_token(volunteer)
    assert bearer("get", "volunteers/me", older).status_code == 200  # only asking for a link ends nothing
    assert bearer("get", "volunteers/me", newer).status_code == 200
    response = bearer("get", "volunteers/me", older)
    assert response.status_code == 410
    assert "Poproś o nowy" in response.json()["detail"]
    assert bearer("patch", "volunteers/me", older, {"about": "przejęte"}).status_code == 410
    assert bearer("get", "volunteers/me", newer).status_code == 200


def test_an_older_unused_link_cannot_be_opened_after_a_newer_one(home_page, client, bearer):
    volunteer = make_volunteer(first_name="Ula")
    older, newer = self_service_token(volunteer), self_service_token(volunteer)
    assert bearer("get", "volunteers/me", newer).status_code == 200
    response = client.post(MY_DATA, {"action": "open", "token": older})
    assert response.status_code == 410
    assert "Cześć, Ula!" not in client.get(MY_DATA).content.decode()


def test_website_session_ends_when_a_newer_link_is_used(home_page, client, bearer):
    volunteer = make_volunteer(first_name="Ula")
    client.post(MY_DATA, {"action": "open", "token": self_service_token(volunteer)})
    assert "Cześć, Ula!" in client.get(MY_DATA).content.decode()
    assert bearer("get", "volunteers/me", self_service_token(volunteer)).status_code == 200
    page = client.get(MY_DATA).content.decode()
    assert "Cześć, Ula!" not in page and "Wyślij mi link" in page
    assert client.get("/wolontariat/moje-dane/popraw/")["Location"] == MY_DATA


def test_opening_the_website_with_a_newer_link_ends_the_older_bearer(home_page, client, bearer):
    volunteer = make_volunteer(first_name="Ula")
    older = self_service_token(volunteer)
    assert bearer("get", "volunteers/me", older).status_code == 200
    client.post(MY_DATA, {"action": "open", "token": self_service_token(volunteer)})
    assert "Cześć, Ula!" in client.get(MY_DATA).content.decode()
    assert bearer("get", "volunteers/me", older).status_code == 410


def test_another_persons_session_is_untouched(bearer):
    ala, ola = make_volunteer(), make_volunteer()
    ala_token = self_service_token(ala)
    assert bearer("get", "volunteers/me", ala_token).status_code == 200
    assert bearer("get", "volunteers/me", self_service_token(ola)).status_code == 200
    assert bearer("get", "volunteers/me", ala_token).status_code == 200


def test_a_link_opened_just_before_it_expires_still_gives_a_whole_session(home_page, client, monkeypatch):
    volunteer = make_volunteer(first_name="Ula")
    token = self_service_token(volunteer)
    EmailLink.objects.update(expires_at=timezone.now() + timedelta(minutes=5))
    client.post(MY_DATA, {"action": "open", "token": token})
    later = timezone.now() + timedelta(minutes=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Cześć, Ula!" in client.get(MY_DATA).content.decode()


def test_a_made_up_bearer_is_unauthenticated_not_gone(bearer):
    response = bearer("get", "volunteers/me", "x" * 43)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Wymagane uwierzytelnienie."
