"""The day before an approved meeting its group is reminded once, with the cancel link and the
meeting's iCalendar link; nothing else is reminded, and a second run sends nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from tests.factories import at, link_token, make_room_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def send(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_room_reminders(now=now)

    return send


def test_approved_meetings_are_reminded_the_day_before_once(room, rules, thursday, run):
    meeting = make_room_booking(room, rules, at(thursday, 17), at(thursday, 19), status="approved")
    wednesday, tuesday = thursday - timedelta(days=1), thursday - timedelta(days=2)

    assert run(at(tuesday, 20)) == 0  # two days before: not yet
    assert run(at(wednesday, 9)) == 1
    assert run(at(wednesday, 10)) == 0  # hourly cron: never twice
    assert run(at(thursday, 8)) == 0  # the day itself: already reminded
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at == at(wednesday, 9)

    [message] = mail.outbox
    assert (
        message.to == ["anna@example.org"] and message.subject == "Jutro spotkanie w sali: Sala warsztatowa"
    )
    assert "17:00–19:00" in message.body and meeting.reference in message.body
    cancel_token = link_token(message, "/sale/odwolaj/?token=")
    calendar_token = link_token(message, "/sale/rezerwacja.ics?token=")
    assert [b.pk for b in services.calendar_bookings(calendar_token)] == [meeting.pk]
    assert services.calendar_bookings(calendar_token)  # looked at, never used up

    services.cancel_link(cancel_token)
    with pytest.raises(services.TokenGone):  # nothing approved is left to put in a calendar
        services.calendar_bookings(calendar_token)


@pytest.mark.parametrize(
    "status",
    [BookingStatus.REQUESTED, BookingStatus.AWAITING_EMAIL, BookingStatus.REFUSED, BookingStatus.CANCELLED],
)
def test_only_approved_meetings_are_reminded(room, rules, thursday, run, status):
    make_room_booking(room, rules, at(thursday, 17), status=status)
    assert run(at(thursday - timedelta(days=1), 9)) == 0
    assert mail.outbox == []


def test_a_meeting_cancelled_after_its_reminder_was_queued_is_not_mailed(
    room, rules, thursday, django_capture_on_commit_callbacks
):
    meeting = make_room_booking(room, rules, at(thursday, 17), status="approved")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.send_room_reminders(now=at(thursday - timedelta(days=1), 9)) == 1
    services.cancel(meeting)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_each_meeting_of_a_series_is_reminded_the_day_before_it(room, rules, now, thursday, run):
    result = services.request_booking(
        room_id=room.pk, starts_at=at(thursday, 17), ends_at=at(thursday, 19), organiser_kind="ngo",
        organiser_name="Sąsiedzi", contact_name="Ewa", contact_email="ewa@example.org", purpose="Spotkania",
        participants=10, house_rules=rules.version, every="week", until=thursday + timedelta(weeks=1),
        now=now,
    )  # fmt: skip
    services.confirm_email(result.bookings[0], now=now)
    services.approve_series(result.bookings[0], now=now)
    assert run(at(thursday - timedelta(days=1), 9)) == 1
    assert run(at(thursday + timedelta(days=6), 9)) == 1
    assert [m.body.count("17:00–19:00") for m in mail.outbox[-2:]] == [1, 1]  # each lists its own meeting


def test_the_command_runs_the_service(room, rules):
    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    make_room_booking(room, rules, at(tomorrow, 20), status="approved")
    out = StringIO()
    call_command("send_room_reminders", stdout=out)
    assert out.getvalue().strip() == "Przypomnienia o salach: 1"
    call_command("send_room_reminders", stdout=out)
    assert out.getvalue().strip().endswith("Przypomnienia o salach: 0")


def test_the_reminders_calendar_link_opens_the_meetings_ics_on_the_site(client, room, rules, thursday, run):
    """The e-mail's calendar link and the manage page's .ics link share one URL: the website
    answers the calendar link with the approved meeting, again on every fetch."""
    import icalendar

    meeting = make_room_booking(room, rules, at(thursday, 17), at(thursday, 19), status="approved")
    run(at(thursday - timedelta(days=1), 9))
    [message] = mail.outbox
    url = "/sale/rezerwacja.ics?token=" + link_token(message, "/sale/rezerwacja.ics?token=")
    for _fetch in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert event.decoded("dtstart") == meeting.starts_at
