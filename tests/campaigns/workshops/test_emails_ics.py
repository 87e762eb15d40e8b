"""E-mails in the outbox with valid .ics attachments, and the iCalendar feeds, parsed back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from campaigns.workshops.ics import session_uid

pytestmark = pytest.mark.django_db


def ics_of(message):
    attachments = [a for a in message.attachments if a[2] == "text/calendar"]
    assert len(attachments) == 1
    return Calendar.from_ical(attachments[0][1])


def test_confirmation_has_cancel_link_and_a_valid_ics(make_session, book):
    session = make_session()
    booking = book(session).booking
    [asked, message] = mail.outbox
    assert asked.subject == f"Potwierdź zapis: {session.page.title}"
    assert "http://testserver/warsztaty/potwierdz-zapis/?token=" in asked.body
    assert asked.attachments == []  # no calendar entry before the address is confirmed
    assert message.to == ["ala@example.org"]
    assert message.subject == f"Potwierdzenie zapisu: {session.page.title}"
    assert "http://testserver/warsztaty/rezygnacja/?token=" in message.body
    assert booking.reference in message.body
    assert "Plac Kościuszki 5" in message.body
    calendar = ics_of(message)
    [event] = calendar.events
    assert event.start == session.starts_at
    assert str(event.start.tzinfo) == "Europe/Warsaw"
    assert event["UID"] == session_uid(session)
    assert str(event["SUMMARY"]) == session.page.title
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]


def test_waiting_list_mail_states_the_position_and_has_no_ics(make_session, book):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    book(session, "b@example.org")
    book(session, "c@example.org")
    message = mail.outbox[-1]
    assert message.subject.startswith("Lista rezerwowa")
    assert "Twoje miejsce na liście: 2." in message.body
    assert message.attachments == []


def test_guardian_request_goes_to_the_guardian(make_session, book):
    session = make_session()
    year = timezone.localtime(session.starts_at).year - 12
    book(session, "dziecko@example.org", birth_year=year, guardian_email="rodzic@example.org", name="Jaś")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["dziecko@example.org"].subject.startswith("Czekamy na zgodę opiekuna")
    guardian = by_recipient["rodzic@example.org"]
    assert guardian.subject.startswith("Prośba o zgodę opiekuna")
    assert "zapisuje się na bezpłatne warsztaty" in guardian.body
    assert "Jaś" not in guardian.body  # the name typed by the sender shows only on the consent page
    assert "/warsztaty/zgoda-opiekuna/?token=" in guardian.body
    assert "rezygnacja" not in guardian.body


def test_reminder_has_ics(make_session, book, svc):
    session = make_session(starts_in=timedelta(hours=10))
    book(session)
    mail.outbox.clear()
    svc.send_workshop_reminders()
    [message] = mail.outbox
    assert message.subject.startswith("Przypomnienie")
    assert ics_of(message).events[0]["UID"] == session_uid(session)


def test_email_uses_the_booking_language(make_session, book):
    session = make_session()
    book(session, language="en")
    assert mail.outbox[-1].subject == f"Booking confirmed: {session.page.title}"
    book(session, "u@example.org", language="uk")
    assert mail.outbox[-1].subject.startswith("Підтвердження")


def test_calendar_feed_has_all_upcoming_sessions_and_cancelled_status(make_session, client):
    first = make_session(starts_in=timedelta(days=2))
    cancelled = make_session(starts_in=timedelta(days=100), cancelled=True)
    make_session(starts_in=timedelta(days=-2))
    response = client.get("/warsztaty/kalendarz.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.events}
    assert set(events) == {session_uid(first), session_uid(cancelled)}
    assert events[session_uid(cancelled)]["STATUS"] == "CANCELLED"
    assert events[session_uid(first)]["STATUS"] == "CONFIRMED"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Warsaw"
    assert "DTSTART;TZID=Europe/Warsaw:" in response.content.decode()
    # Stable UIDs: the same entry on the next download.
    again = Calendar.from_ical(client.get("/warsztaty/kalendarz.ics").content)
    assert {str(e["UID"]) for e in again.events} == set(events)


def test_single_session_ics(make_session, client):
    session = make_session()
    response = client.get(f"/warsztaty/termin-{session.pk}.ics")
    [event] = Calendar.from_ical(response.content).events
    assert event.end == session.ends_at
    assert str(event["URL"]) == "http://testserver/warsztaty/warsztat-1/"
    assert client.get("/warsztaty/termin-999999.ics").status_code == 404
