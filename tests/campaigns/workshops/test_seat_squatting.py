"""Seat squatting (security review, issue 14 item 6): one client address booking every seat of a
session with invented e-mails. An unconfirmed booking holds its seat only briefly, and one client
holds at most ``CAS_BOOKING_UNCONFIRMED_PER_CLIENT`` unconfirmed bookings per session."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.workshops import services
from campaigns.workshops.choices import BookingStatus, LinkPurpose
from campaigns.workshops.models import Booking, WorkshopSession
from home import links
from tests.factories import confirm_token, link_token

pytestmark = pytest.mark.django_db


def squat_payload(session, n):
    year = timezone.localtime(session.starts_at).year - 14
    return {
        "session": session.pk,
        "name": f"Dziecko {n}",
        "email": f"dziecko{n}@zmyslone.example",
        "birth_year": year,
        "guardian_email": f"opiekun{n}@zmyslone.example",
        "consents": {"terms": True},
    }


def seats_left(session):
    return WorkshopSession.objects.with_seats().get(pk=session.pk).seats_left()


def test_twelve_bookings_from_one_address_leave_most_seats_free(make_session, api_post, committed, settings):
    settings.CAS_BOOKING_UNCONFIRMED_PER_CLIENT = 2
    session = make_session(capacity=12, waiting_list=False)
    answers = []
    with committed():
        for n in range(12):
            answers.append(api_post("bookings/", squat_payload(session, n), REMOTE_ADDR="203.0.113.7"))
    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert {a.status_code for a in answers[2:]} == {429}
    refused = answers[2]
    assert refused.json()["detail"].startswith("Z tego urządzenia są już niepotwierdzone zapisy")
    assert 0 < int(refused["Retry-After"]) <= 45 * 60
    assert seats_left(session) == 10
    # no invented guardian was e-mailed: only the two invented bookers were asked to confirm
    assert sorted(m.to[0] for m in mail.outbox) == ["dziecko0@zmyslone.example", "dziecko1@zmyslone.example"]
    # another client books normally
    other = api_post("bookings/", squat_payload(session, 99), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 201


def test_unconfirmed_seats_return_to_the_pool_after_the_short_hold(make_session, api_post, settings):
    settings.CAS_BOOKING_EMAIL_HOLD_MINUTES = 45
    session = make_session(capacity=2, waiting_list=False)
    for n in range(2):
        assert api_post("bookings/", squat_payload(session, n), REMOTE_ADDR="203.0.113.7").status_code == 201
    held = Booking.objects.filter(status=BookingStatus.AWAITING_EMAIL)
    assert held.count() == 2
    for booking in held:
        assert booking.hold_expires_at - booking.created_at == timedelta(minutes=45)
    assert seats_left(session) == 0
    later = timezone.now() + timedelta(minutes=46)
    assert services.release_expired_holds(now=later) == 2
    assert seats_left(session) == 2
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert set(Booking.objects.values_list("client_key", flat=True)) == {""}


def test_booking_a_full_session_releases_its_expired_holds_first(make_session, book):
    """Booking does not wait for the cron job: the session's expired holds are freed under its lock."""
    session = make_session(capacity=1, waiting_list=False)
    book(session, "zmyslony@example.org", confirm=False)
    with pytest.raises(services.SessionFull):
        book(session, "prawdziwa@example.org", confirm=False)
    later = timezone.now() + timedelta(hours=2)
    result = services.book_seat(
        session.pk, name="Prawdziwa", email="prawdziwa@example.org", birth_year=1990, terms=True, now=later
    )
    assert result.booking.status == BookingStatus.AWAITING_EMAIL
    assert Booking.objects.get(email="zmyslony@example.org").status == BookingStatus.CANCELLED


def test_the_guardian_gets_the_long_hold_only_after_the_booker_confirms(make_session, api_post, committed):
    session = make_session(capacity=3)
    with committed():
        api_post("bookings/", squat_payload(session, 1))
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.AWAITING_EMAIL
    assert booking.hold_expires_at < booking.created_at + timedelta(hours=1)
    assert [m.to for m in mail.outbox] == [["dziecko1@zmyslone.example"]]
    with committed():
        response = api_post("bookings/confirm", {"token": confirm_token("dziecko1@zmyslone.example")})
    assert response.json() == {"status": "awaiting_guardian"}
    booking.refresh_from_db()
    assert booking.hold_expires_at == booking.email_confirmed_at + timedelta(hours=48)
    assert booking.client_key == ""
    assert {m.to[0] for m in mail.outbox} >= {"opiekun1@zmyslone.example"}
    again = api_post("bookings/confirm", {"token": confirm_token("dziecko1@zmyslone.example")})
    assert again.status_code == 410


def test_confirmed_bookings_do_not_count_against_the_client(make_session, book, settings):
    """A family or a school behind one address books more once each booking is confirmed."""
    settings.CAS_BOOKING_UNCONFIRMED_PER_CLIENT = 2
    session = make_session(capacity=6)
    for n in range(4):
        book(session, f"osoba{n}@example.org", client="192.0.2.10")
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 4
    book(session, "piata@example.org", client="192.0.2.10", confirm=False)
    book(session, "szosta@example.org", client="192.0.2.10", confirm=False)
    with pytest.raises(services.TooManyUnconfirmed):
        book(session, "siodma@example.org", client="192.0.2.10", confirm=False)


def test_unconfirmed_waiting_list_places_expire_and_count_too(make_session, book, settings):
    settings.CAS_BOOKING_UNCONFIRMED_PER_CLIENT = 1
    session = make_session(capacity=1)
    book(session, "pierwsza@example.org")
    waiting = book(session, "kolejka@example.org", client="192.0.2.20", confirm=False).booking
    assert waiting.status == BookingStatus.WAITING_LIST and waiting.hold_expires_at is not None
    with pytest.raises(services.TooManyUnconfirmed):
        book(session, "kolejka2@example.org", client="192.0.2.20", confirm=False)
    assert services.release_expired_holds(now=timezone.now() + timedelta(hours=1)) == 1
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CANCELLED


def test_waiting_list_promotion_of_an_unconfirmed_place_asks_for_confirmation(make_session, book, svc):
    session = make_session(capacity=1)
    first = book(session, "pierwsza@example.org")
    book(session, "kolejka@example.org", confirm=False)
    mail.outbox.clear()
    token = links.issue(first.booking, LinkPurpose.CANCEL, expires_at=session.starts_at)
    svc.cancel_booking(token)
    promoted = Booking.objects.get(email="kolejka@example.org")
    assert promoted.status == BookingStatus.AWAITING_EMAIL
    ask = next(m for m in mail.outbox if m.to == ["kolejka@example.org"])
    assert "Trzymamy dla Ciebie miejsce do" in ask.body
    svc.confirm_email(link_token(ask, "/warsztaty/potwierdz-zapis/"))
    promoted.refresh_from_db()
    assert promoted.status == BookingStatus.CONFIRMED
