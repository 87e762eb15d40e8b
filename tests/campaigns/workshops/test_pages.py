"""The website: /warsztaty/ listing, the workshop page with its booking form, e-mail link pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking
from tests.factories import link_token

pytestmark = pytest.mark.django_db


def form_data(session, **overrides):
    data = {
        "session": session.pk,
        "name": "Kasia Formularzowa",
        "email": "kasia@example.org",
        "birth_year": "1999",
        "terms": "on",
    }
    data.update(overrides)
    return data


def test_index_groups_upcoming_sessions_by_month(make_session, client):
    make_session(starts_in=timedelta(days=2))
    make_session(starts_in=timedelta(days=40))
    make_session(starts_in=timedelta(days=-3))
    response = client.get("/warsztaty/")
    assert response.status_code == 200
    months = response.context["months"]
    assert sum(len(m["sessions"]) for m in months) == 2
    assert len(months) == 2
    html = response.content.decode()
    assert "Warsztat 1" in html and "Warsztat 2" in html and "Warsztat 3" not in html
    assert "/warsztaty/kalendarz.ics" in html


def test_index_archive_shows_past_sessions(make_session, client):
    make_session(starts_in=timedelta(days=-3))
    make_session(starts_in=timedelta(days=3))
    response = client.get("/warsztaty/", {"archiwum": "1"})
    assert [s.page.title for s in response.context["page_obj"]] == ["Warsztat 1"]


def test_index_filters_and_bad_values_do_not_crash(make_session, book, client):
    full = make_session(capacity=1, audiences=["rodzice"], topic="ekologia")
    book(full)
    make_session(capacity=4, audiences=["nauczyciele"])

    def titles(**params):
        response = client.get("/warsztaty/", params)
        assert response.status_code == 200
        return [s.page.title for s in response.context["page_obj"]]

    assert titles(audience="rodzice") == ["Warsztat 1"]
    assert titles(topic="ekologia") == ["Warsztat 1"]
    assert titles(wolne="on") == ["Warsztat 2"]
    assert titles(od=(timezone.localdate() + timedelta(days=30)).isoformat()) == []
    assert len(titles(audience="kosmici", od="jutro")) == 2


def test_index_paginates_with_constant_queries(make_session, client, workshop_index, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 0  # the cost of rendering, not of a cache hit
    def queries(total):
        while len(client.get("/warsztaty/").context["page_obj"].paginator.object_list) < total:
            make_session()
        client.get("/warsztaty/")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/warsztaty/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert queries(5) == queries(50)
    response = client.get("/warsztaty/", {"strona": "2"})
    assert len(response.context["page_obj"]) == 12
    assert 'rel="next"' in response.content.decode()


def test_workshop_page_shows_sessions_and_form(make_session, client):
    session = make_session(capacity=3)
    response = client.get(session.page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 wolnych miejsc" in html or "3 wolne miejsca" in html
    assert f"/warsztaty/termin-{session.pk}.ics" in html
    assert html.count('name="website"') == 1
    assert "Zapisz mnie" in html


def test_booking_through_the_form(make_session, client, committed):
    session = make_session()
    with committed():
        response = client.post(session.page.url, form_data(session), follow=True)
    assert response.redirect_chain[0][1] == 302
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.AWAITING_EMAIL
    assert booking.reference in response.content.decode()
    assert "Trzymamy dla Ciebie miejsce przez 45 minut" in response.content.decode()
    [asked] = mail.outbox
    assert asked.to == ["kasia@example.org"]
    confirm_url = next(line for line in asked.body.splitlines() if "/warsztaty/potwierdz-zapis/" in line)
    page = client.get(confirm_url.replace("http://testserver", ""))
    assert "Potwierdzam zapis" in page.content.decode()
    with committed():
        done = client.post("/warsztaty/potwierdz-zapis/", {"token": confirm_url.split("token=")[1]})
    assert "Miejsce jest potwierdzone." in done.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert mail.outbox[-1].subject.startswith("Potwierdzenie zapisu")


def test_full_session_offers_the_waiting_list(make_session, book, client):
    session = make_session(capacity=1)
    book(session, "pierwsza@example.org")
    html = client.get(session.page.url).content.decode()
    assert "Zapisz mnie na listę rezerwową" in html
    response = client.post(session.page.url, form_data(session), follow=True)
    assert "listę rezerwową (miejsce 1" in response.content.decode()


def test_form_shows_polish_errors_and_keeps_input(make_session, book, client):
    session = make_session(min_age=13, max_age=17)
    response = client.post(session.page.url, form_data(session, birth_year="1970"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Ten warsztat jest dla osób w innym wieku" in html
    assert 'value="Kasia Formularzowa"' in html
    assert 'aria-invalid="true"' in html
    young = timezone.localtime(session.starts_at).year - 14
    response = client.post(session.page.url, form_data(session, birth_year=str(young)))
    assert "muszą podać adres e-mail opiekuna" in response.content.decode()
    response = client.post(session.page.url, form_data(session, terms=""))
    assert "To pole jest wymagane" in response.content.decode()


def test_closed_registration_hides_the_form(make_session, client):
    session = make_session(registration_closes_at=timezone.now() - timedelta(hours=1))
    html = client.get(session.page.url).content.decode()
    assert "Zapisy są teraz zamknięte" in html
    assert "Zapisy zamknięte" in html


def test_form_honeypot_stores_nothing(make_session, client):
    session = make_session()
    response = client.post(session.page.url, form_data(session, website="spam"))
    assert response.status_code == 302
    assert Booking.objects.count() == 0


def test_cancel_page_confirms_on_get_and_cancels_only_on_post(make_session, book, client, committed):
    session = make_session()
    booking = book(session).booking
    token = link_token(mail.outbox[-1], "/warsztaty/rezygnacja/")
    response = client.get("/warsztaty/rezygnacja/", {"token": token})
    assert response.status_code == 200
    assert "Tak, rezygnuję" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    with committed():
        response = client.post("/warsztaty/rezygnacja/", {"token": token})
    assert "Anulowaliśmy Twój zapis" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert client.get("/warsztaty/rezygnacja/", {"token": token}).status_code == 410
    assert client.post("/warsztaty/rezygnacja/", {"token": token}).status_code == 410


def test_guardian_page(make_session, book, client):
    session = make_session()
    year = timezone.localtime(session.starts_at).year - 13
    booking = book(
        session, "mlody@example.org", birth_year=year, guardian_email="opiekun@example.org"
    ).booking
    guardian_mail = next(m for m in mail.outbox if m.to == ["opiekun@example.org"])
    token = link_token(guardian_mail, "/warsztaty/zgoda-opiekuna/")
    assert "Tak, wyrażam zgodę" in client.get("/warsztaty/zgoda-opiekuna/", {"token": token}).content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.AWAITING_GUARDIAN
    response = client.post("/warsztaty/zgoda-opiekuna/", {"token": token})
    assert "Zgoda została zapisana" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_home_page_section_lists_upcoming_workshops_or_nothing(home_page, make_session, client):
    assert "Najbliższe warsztaty" not in client.get("/").content.decode()
    make_session()
    assert "Najbliższe warsztaty" in client.get("/").content.decode()


def test_booking_in_english_stores_the_language_and_mails_in_english(make_session, client, committed):
    session = make_session()
    url = f"/en{session.page.url}"
    html = client.get(url).content.decode()
    assert "Book my seat" in html
    with committed():
        response = client.post(url, form_data(session))
    assert response.status_code == 302
    assert Booking.objects.get().language == "en"
    assert mail.outbox[0].subject == f"Confirm your booking: {session.page.title}"
    assert "/en/warsztaty/potwierdz-zapis/?token=" in mail.outbox[0].body
    assert "/en/warsztaty/rezygnacja/?token=" in mail.outbox[0].body
