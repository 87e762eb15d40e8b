"""The API contract of workshops/, bookings/ and bookings/cancel (see API.md)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking
from tests.factories import confirm_token, link_token

pytestmark = pytest.mark.django_db

SESSION_FIELDS = {
    "id",
    "workshop",
    "starts_at",
    "ends_at",
    "place",
    "audience",
    "min_age",
    "max_age",
    "capacity",
    "seats_left",
    "waiting_list_open",
    "registration_open",
    "ics_url",
}


def payload(session, **overrides):
    data = {
        "session": session.pk,
        "name": "Ola Przykładowa",
        "email": "ola@example.org",
        "birth_year": 1998,
        "consents": {"terms": True},
    }
    data.update(overrides)
    return data


def test_list_has_the_contract_fields_and_is_cacheable(make_session, book, api_get):
    session = make_session(capacity=3)
    book(session)
    response = api_get("workshops/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert set(item) >= SESSION_FIELDS
    assert set(item["workshop"]) >= {"id", "title", "url"}
    assert item["workshop"]["url"] == "http://testserver/warsztaty/warsztat-1/"
    assert item["seats_left"] == 2
    assert item["registration_open"] is True
    assert item["waiting_list_open"] is True
    assert item["audience"] == ["dorosli"]
    assert item["starts_at"].endswith(("+01:00", "+02:00"))
    assert item["ics_url"].endswith(f"/warsztaty/termin-{session.pk}.ics")
    assert item["place"] == "Plac Kościuszki 5, 41-200 Sosnowiec"
    assert "email" not in str(item)


def test_list_shows_only_upcoming_live_sessions(make_session, api_get):
    make_session(starts_in=timedelta(days=-1))
    hidden = make_session()
    hidden.page.unpublish()
    upcoming = make_session()
    assert [i["id"] for i in api_get("workshops/").json()["items"]] == [upcoming.pk]


def test_list_filters(make_session, book, api_get):
    full = make_session(capacity=1, audiences=["rodzice"], topic="ekologia", starts_in=timedelta(days=3))
    book(full)
    free = make_session(capacity=5, audiences=["klasy-4-8", "nauczyciele"], starts_in=timedelta(days=20))

    def ids(**params):
        response = api_get("workshops/", **params)
        assert response.status_code == 200, response.json()
        return [i["id"] for i in response.json()["items"]]

    assert ids(audience="nauczyciele") == [free.pk]
    assert ids(audience="rodzice") == [full.pk]
    assert ids(topic="ekologia") == [full.pk]
    assert ids(has_seats="true") == [free.pk]
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert ids(**{"from": later}) == [free.pk]
    assert ids(to=later) == [full.pk]


@pytest.mark.parametrize(
    "params",
    [{"audience": "kosmici"}, {"topic": "nic"}, {"from": "wczoraj"}, {"has_seats": "może"}, {"limit": 500}],
)
def test_unknown_filter_values_give_422(make_session, api_get, params):
    make_session()
    response = api_get("workshops/", **params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_list_pagination(make_session, api_get):
    for _ in range(3):
        make_session()
    data = api_get("workshops/", limit=2, offset=2).json()
    assert data["count"] == 3
    assert len(data["items"]) == 1


def test_list_query_count_is_constant(make_session, api_get, workshop_index):
    def queries(total):
        existing = len(api_get("workshops/", limit=100).json()["items"])
        for _ in range(total - existing):
            make_session()
        api_get("workshops/", limit=100)  # warm the site-root cache, as in production
        with CaptureQueriesContext(connection) as ctx:
            response = api_get("workshops/", limit=100)
        assert len(response.json()["items"]) == total
        return len(ctx.captured_queries)

    assert queries(5) == queries(50)


def test_booking_is_created_with_201(make_session, api_post):
    session = make_session(capacity=1)
    response = api_post("bookings/", payload(session))
    assert response.status_code == 201, response.json()
    body = response.json()
    # The contract's "confirmed": the seat is held, but only until the booker opens the e-mailed link.
    assert body["status"] == "confirmed"
    assert body["next_step"] == "confirm_email"
    assert Booking.objects.get().status == "awaiting_email"
    assert body["reference"].startswith("CAS-")
    assert "position" not in body
    assert "no-store" in response["Cache-Control"]
    assert Booking.objects.get().email == "ola@example.org"
    assert mail.outbox == [] or mail.outbox[0].to == ["ola@example.org"]


def test_full_session_answers_waiting_list_with_position(make_session, book, api_post):
    session = make_session(capacity=1)
    book(session, "pierwsza@example.org")
    body = api_post("bookings/", payload(session)).json()
    assert body["status"] == "waiting_list"
    assert body["position"] == 1


def test_booking_twice_is_409_in_polish(make_session, api_post):
    session = make_session()
    api_post("bookings/", payload(session))
    response = api_post("bookings/", payload(session, email="OLA@example.org"))
    assert response.status_code == 409
    assert response.json()["detail"] == "Ten adres e-mail jest już zapisany na ten termin."


def test_closed_registration_and_age_are_422(make_session, api_post):
    closed = make_session(registration_closes_at=timezone.now() - timedelta(hours=1))
    response = api_post("bookings/", payload(closed))
    assert response.status_code == 422
    assert response.json()["detail"] == "Zapisy na ten termin są zamknięte."
    teens = make_session(min_age=13, max_age=17)
    response = api_post("bookings/", payload(teens, birth_year=1980))
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "birth_year"]


def test_minor_without_guardian_is_422_and_with_guardian_awaits(make_session, api_post, committed):
    session = make_session()
    year = timezone.localtime(session.starts_at).year - 14
    response = api_post("bookings/", payload(session, birth_year=year))
    assert response.status_code == 422
    assert "opiekuna" in response.json()["detail"]
    with committed():
        response = api_post(
            "bookings/", payload(session, birth_year=year, guardian_email="rodzic@example.org")
        )
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert [m.to for m in mail.outbox] == [["ola@example.org"]]  # the guardian only once the booker confirms
    with committed():
        confirmed = api_post("bookings/confirm", {"token": confirm_token("ola@example.org")})
    assert confirmed.json() == {"status": "awaiting_guardian"}
    assert mail.outbox[-1].to == ["rodzic@example.org"]


def test_validation_errors_are_polish_and_unknown_fields_rejected(make_session, api_post):
    session = make_session()
    response = api_post("bookings/", payload(session, email="to-nie-email", pesel="12345678901"))
    assert response.status_code == 422
    errors = {tuple(e["loc"][-1:]): e["msg"] for e in response.json()["errors"]}
    assert errors[("email",)] == "Podaj poprawny adres e-mail."
    assert errors[("pesel",)] == "Nieznane pole."
    response = api_post("bookings/", payload(session, consents={"terms": False}))
    assert response.status_code == 422
    assert response.json()["detail"] == "Aby się zapisać, zaakceptuj regulamin warsztatów."


def test_unknown_session_is_404(workshop_index, api_post):
    response = api_post("bookings/", payload(type("S", (), {"pk": 999999})()))
    assert response.status_code == 404


def test_honeypot_gets_the_same_answer_and_stores_nothing(make_session, api_post):
    session = make_session()
    response = api_post("bookings/", payload(session, website="http://spam.example"))
    assert response.status_code == 201
    assert response.json() | {"reference": "-"} == {
        "reference": "-",
        "status": "confirmed",
        "next_step": "confirm_email",
    }
    assert Booking.objects.count() == 0
    assert mail.outbox == []


def test_bookings_are_rate_limited(make_session, api_post, settings):
    settings.CAS_RATE_LIMIT = "2/h"
    session = make_session()
    for i in range(2):
        assert api_post("bookings/", payload(session, email=f"o{i}@example.org")).status_code == 201
    response = api_post("bookings/", payload(session, email="o3@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_cancel_with_token_then_410(make_session, book, api_post, committed):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    token = link_token(mail.outbox[-1], "/warsztaty/rezygnacja/")
    waiting = book(session, "b@example.org").booking
    with committed():
        response = api_post("bookings/cancel", {"token": token})
    assert response.status_code == 200
    assert response.json() == {"status": "cancelled"}
    assert "no-store" in response["Cache-Control"]
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED
    assert mail.outbox[-1].to == ["b@example.org"]
    again = api_post("bookings/cancel", {"token": token})
    assert again.status_code == 410
    assert again.json()["detail"] == "Ten link wygasł albo został już użyty. Poproś o nowy."


def test_guardian_confirm_endpoint(make_session, book, api_post):
    session = make_session()
    year = timezone.localtime(session.starts_at).year - 12
    book(session, "dziecko@example.org", birth_year=year, guardian_email="mama@example.org")
    guardian_mail = next(m for m in mail.outbox if m.to == ["mama@example.org"])
    token = link_token(guardian_mail, "/warsztaty/zgoda-opiekuna/")
    response = api_post("bookings/guardian-confirm", {"token": token})
    assert response.json() == {"status": "confirmed"}
    assert api_post("bookings/guardian-confirm", {"token": token}).status_code == 410


def test_domain_messages_are_translated():
    # The API's Accept-Language handling belongs to the foundation (LocaleMiddleware pins
    # unprefixed paths to Polish); here we check that our messages have en/uk translations.
    from django.utils import translation

    from campaigns.workshops.services import AlreadyBooked

    with translation.override("en"):
        assert str(AlreadyBooked().message) == "This e-mail address is already booked for this session."
    with translation.override("uk"):
        assert str(AlreadyBooked().message) == "Ця адреса електронної пошти вже записана на цю дату."


def test_openapi_documents_the_workshop_routes(client):
    schema = client.get("/api/v3/openapi.json").json()
    assert {"/api/v3/workshops/", "/api/v3/bookings/", "/api/v3/bookings/cancel"} <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/api/v3/workshops/"]["get"]["parameters"]}
    assert {"from", "to", "audience", "topic", "has_seats", "limit", "offset"} <= params


def test_wagtail_page_detail_serialises_workshop_fields(make_session, api_get):
    session = make_session(audiences=["rodzice", "nauczyciele"], min_age=10)
    response = api_get(f"pages/{session.page.pk}/")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["audience"] == ["rodzice", "nauczyciele"]
    assert data["min_age"] == 10
    assert data["topic"] == "aktywnosc-obywatelska"


def test_the_api_and_the_page_share_the_sessions_queryset_filters(make_session, book, api_get, client):
    """The listing filters are methods of the sessions' queryset, and ``GET workshops/`` and
    ``/warsztaty/`` answer the same sessions for the same filters."""
    from campaigns.workshops.models import WorkshopSession

    full = make_session(capacity=1, audiences=["nauczyciele"], topic="ekologia", starts_in=timedelta(days=3))
    book(full)
    free = make_session(capacity=5, audiences=["klasy-4-8", "nauczyciele"], starts_in=timedelta(days=20))
    make_session(capacity=5, audiences=["rodzice"], starts_in=timedelta(days=5))
    sessions = WorkshopSession.objects.public().upcoming().with_seats()

    assert list(sessions.for_audience("nauczyciele").with_free_seats()) == [free]
    assert list(sessions.on_topic("ekologia")) == [full]
    later = timezone.localdate() + timedelta(days=10)
    assert list(sessions.for_audience("nauczyciele").starting_until(later)) == [full]
    assert [
        i["id"] for i in api_get("workshops/", audience="nauczyciele", has_seats="true").json()["items"]
    ] == [free.pk]
    page = client.get("/warsztaty/", {"audience": "nauczyciele", "wolne": "on"})
    assert [s.pk for s in page.context["page_obj"]] == [free.pk]
