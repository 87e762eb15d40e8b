"""Over-large request bodies get a clean answer in Polish, never a 500, and nothing is stored."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test.client import encode_multipart

from campaigns.workshops.models import Booking
from tests.factories import registration
from tests.volunteers.people.test_website import form_data as join_form
from volunteers.people.models import Volunteer

pytestmark = pytest.mark.django_db

TOO_LONG = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def test_over_large_json_to_the_api_is_413_with_a_problem(client, make_session):
    session = make_session()
    booking = {"session": session.pk, "name": TOO_LONG, "email": "ola@example.org", "birth_year": 1998}
    for path, body in [
        ("volunteers/", registration(about=TOO_LONG)),
        ("bookings/", {**booking, "consents": {"terms": True}}),
    ]:
        response = client.post(f"/api/v3/{path}", data=json.dumps(body), content_type="application/json")
        assert response.status_code == 413, path
        assert response["Content-Type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["status"] == 413
        assert problem["detail"] == "Przesłane dane są za duże (najwięcej 2048 kB)."
    assert not Volunteer.objects.exists() and not Booking.objects.exists()


def test_a_body_just_under_the_limit_still_reaches_validation(api_post):
    padding = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 2000)
    response = api_post("volunteers/", registration(about=padding))
    assert response.status_code == 422  # read and validated: "about" is too long, not the body
    assert not Volunteer.objects.exists()


def test_over_large_form_post_gets_a_polish_413_page(client):
    body = urlencode({**join_form(), "about": TOO_LONG}, doseq=True)  # as a browser sends it
    form = "application/x-www-form-urlencoded"
    response = client.post("/wolontariat/dolacz/", data=body, content_type=form)
    assert response.status_code == 413
    html = response.content.decode()
    assert '<html lang="pl">' in html and "Za dużo danych" in html
    assert "Przesłane dane są za duże (najwięcej 2048 kB)." in html
    assert not Volunteer.objects.exists()


def test_over_large_multipart_form_field_gets_a_polish_400_page(client):
    boundary = "cas-boundary"
    body = encode_multipart(boundary, {**join_form(), "about": TOO_LONG})
    response = client.post(
        "/wolontariat/dolacz/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert "Nieprawidłowe żądanie" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_over_large_multipart_to_the_api_is_a_400_problem(client):
    boundary = "cas-boundary"
    body = encode_multipart(boundary, {"about": TOO_LONG})
    response = client.post(
        "/api/v3/volunteers/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Żądanie jest nieprawidłowe."
    assert not Volunteer.objects.exists()
