"""PostgreSQL unreachable for a moment: every request answers 503 with Retry-After, nothing half-stored."""

import contextlib
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from campaigns.workshops.models import Booking
from home.models import EmailLink
from tests.factories import registration
from volunteers.people.models import Volunteer

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


@contextlib.contextmanager
def database_down():
    """Every new cursor fails the way it does when PostgreSQL is down: in the connection attempt."""
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError(REFUSED)):
        yield


@contextlib.contextmanager
def connection_lost_on(table):
    """The connection drops in the middle of a write: the first INSERT into ``table`` fails."""

    def execute(run, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return run(sql, params, many, context)

    with connection.execute_wrapper(execute):
        yield


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/", "pl", "Serwis chwilowo niedostępny"),
        ("/en/", "en", "Service temporarily unavailable"),
        ("/uk/warsztaty/", "uk", "Сервіс тимчасово недоступний"),
    ],
)
def test_site_page_is_a_503_page_in_the_visitors_language(client, home_page, path, language, heading):
    with database_down():
        response = client.get(path)
    assert_unavailable(response)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_api_list_is_a_503_problem_in_the_requested_language(client, home_page):
    with database_down():
        response = client.get("/api/v3/campaigns/", HTTP_ACCEPT_LANGUAGE="en")
    assert_unavailable(response)
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 503
    assert body["detail"] == "The service is temporarily unavailable. Please try again in a moment."


def test_outage_met_by_a_middleware_is_a_503_too(home_page):
    # An unknown API address: the view needs no database, Wagtail's redirect middleware does.
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get("/api/v3/nie-ma-takiego-adresu/")
    assert_unavailable(response)
    assert response.json()["detail"] == "Serwis jest chwilowo niedostępny. Spróbuj ponownie za chwilę."


def test_booking_form_post_stores_nothing(client, workshop_session):
    url = workshop_session.page.url
    form = {
        "session": workshop_session.pk,
        "name": "Kasia",
        "email": "kasia@example.org",
        "birth_year": "1999",
        "terms": "on",
    }
    with database_down():
        response = client.post(url, form)
    assert_unavailable(response)
    assert "Serwis chwilowo niedostępny" in response.content.decode()
    assert not Booking.objects.exists()


def test_connection_lost_mid_booking_leaves_no_half_stored_booking(api_post, workshop_session):
    payload = {
        "session": workshop_session.pk,
        "name": "Ola Przykładowa",
        "email": "ola@example.org",
        "birth_year": 1998,
        "consents": {"terms": True},
    }
    # After the session was locked and the reference counter advanced.
    with connection_lost_on(Booking._meta.db_table):
        response = api_post("bookings/", payload)
    assert_unavailable(response)
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Booking.objects.exists()
    assert not EmailLink.objects.exists()
    assert mail.outbox == []
    retry = api_post("bookings/", payload)  # what the client is told to do
    assert retry.status_code == 201
    assert retry.json()["reference"].endswith("-0001")  # the counter's advance was rolled back too


def test_volunteer_registration_post_stores_nothing(api_post, home_page):
    with database_down():
        response = api_post("volunteers/", registration())
    assert_unavailable(response)
    assert not Volunteer.objects.exists()
