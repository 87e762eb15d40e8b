"""Two no-shows within CAS_ROOMS_NO_SHOW_WINDOW_DAYS block new requests from that e-mail address
for CAS_ROOMS_NO_SHOW_BLOCK_DAYS. The block is told only to whoever confirms the address: the
request itself is answered as any other (anyone may type anyone's address)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.factories import at, link_token, make_room, make_room_booking, room_booking_payload, room_request

pytestmark = pytest.mark.django_db

BLOCKED = "anna@example.org"  # the address room_request() uses


@pytest.fixture(autouse=True)
def _polish():
    with translation.override("pl"):
        yield


def no_show(room, rules, starts_at, email=BLOCKED):
    """An approved meeting whose group did not come, marked by staff after it began."""
    booking = make_room_booking(room, rules, starts_at, status="approved", contact_email=email)
    return services.mark_no_show(booking, now=starts_at + timedelta(minutes=30))


def test_two_no_shows_block_the_address_until_the_block_ends(room, rules, settings):
    settings.CAS_ROOMS_NO_SHOW_WINDOW_DAYS, settings.CAS_ROOMS_NO_SHOW_BLOCK_DAYS = 180, 90
    first = no_show(room, rules, at(timezone.localdate() - timedelta(days=100), 17))
    now = first.starts_at + timedelta(days=1)
    assert services.blocked_until(BLOCKED, now=now) is None  # one no-show is not enough
    second = no_show(room, rules, first.starts_at + timedelta(days=60))
    after = second.starts_at + timedelta(hours=3)
    assert services.blocked_until(BLOCKED, now=after) == second.starts_at + timedelta(days=90)
    assert services.blocked_until("ANNA@example.org ", now=after) == second.starts_at + timedelta(days=90)
    assert services.blocked_until("ktos.inny@example.org", now=after) is None
    assert services.blocked_until(BLOCKED, now=second.starts_at + timedelta(days=90)) is None  # it ended


def test_no_shows_further_apart_than_the_window_do_not_block(room, rules, settings):
    settings.CAS_ROOMS_NO_SHOW_WINDOW_DAYS = 30
    first = no_show(room, rules, at(timezone.localdate() - timedelta(days=50), 17))
    second = no_show(room, rules, first.starts_at + timedelta(days=31))
    assert services.blocked_until(BLOCKED, now=second.starts_at + timedelta(hours=3)) is None


def test_a_blocked_address_is_told_on_confirmation_and_the_slot_is_freed(
    room, rules, now, thursday, django_capture_on_commit_callbacks
):
    no_show(room, rules, now - timedelta(days=20))
    no_show(room, rules, now - timedelta(days=13))
    until = now - timedelta(days=13) + timedelta(days=90)

    result = services.request_booking(
        **room_request(room, rules, at(thursday, 17), at(thursday, 19)), now=now
    )
    assert result.status == BookingStatus.AWAITING_EMAIL  # accepted like any request
    booking = result.bookings[0]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.RequesterBlocked) as caught:
        services.confirm_email(booking, now=now + timedelta(minutes=5))
    assert str(caught.value.message) == (
        "Nie możemy przyjąć tej prośby: dwa razy nikt nie przyszedł na spotkanie zarezerwowane "
        f"z tego adresu e-mail. Nowe prośby o salę przyjmiemy od {timezone.localtime(until):%Y-%m-%d}."
    )
    assert caught.value.status == 422
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REFUSED and booking.email_confirmed_at is not None
    assert booking.refusal_reason.startswith("Automatycznie: adres zablokowany po dwóch nieobecnościach")
    [message] = mail.outbox
    assert message.to == [BLOCKED] and message.subject == "Nie możemy przyjąć prośby o salę: Sala warsztatowa"
    assert "Nowe prośby o salę z tego adresu przyjmiemy od" in message.body
    assert "/sale/odwolaj/" not in message.body and "/sale/rezerwacja.ics" not in message.body

    other = services.request_booking(
        **room_request(room, rules, at(thursday, 17), at(thursday, 19), contact_email="inna@example.org"),
        now=now + timedelta(minutes=6),
    )  # the slot is free again at once
    assert services.confirm_email(other.bookings[0], now=now + timedelta(minutes=7))[0].status == "requested"

    later = until + timedelta(minutes=1)  # the block has ended: a new request goes to staff
    day = timezone.localdate(later) + timedelta(days=7)
    again = services.request_booking(**room_request(room, rules, at(day, 17), at(day, 19)), now=later)
    assert services.confirm_email(again.bookings[0], now=later)[0].status == BookingStatus.REQUESTED


def test_through_the_api_the_request_answers_like_any_other_and_the_link_tells(
    api_post, room, rules, django_capture_on_commit_callbacks
):
    """The requester's own confirmation link is the only place the block shows."""
    today = timezone.localdate()
    no_show(room, rules, at(today - timedelta(days=9), 17))
    no_show(room, rules, at(today - timedelta(days=2), 17))
    day = today + timedelta(days=10)
    other_room = make_room("Sala B")

    def ask(email, target):
        payload = room_booking_payload(target, rules, at(day, 17), at(day, 19))
        payload["contact"]["email"] = email
        with django_capture_on_commit_callbacks(execute=True):
            response = api_post("room-bookings/", payload)
        body = re.sub(rb"CAS-S-\d{4}-\d+", b"CAS-S-#", response.content)
        return response.status_code, body

    assert ask(BLOCKED, room) == ask("nowa.osoba@example.org", other_room)
    [blocked_mail, fresh_mail] = mail.outbox
    assert blocked_mail.subject == "Potwierdź prośbę o salę: Sala warsztatowa"  # the usual e-mail

    with django_capture_on_commit_callbacks(execute=True):
        response = api_post("room-bookings/confirm", {"token": link_token(blocked_mail, "/sale/potwierdz/")})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Nie możemy przyjąć tej prośby: dwa razy nikt nie przyszedł")
    assert RoomBooking.objects.get(room=room, starts_at=at(day, 17)).status == BookingStatus.REFUSED
    assert mail.outbox[-1].subject.startswith("Nie możemy przyjąć prośby o salę")
    assert (
        api_post("room-bookings/confirm", {"token": link_token(blocked_mail, "/sale/potwierdz/")}).status_code
        == 410
    )
    assert (
        api_post("room-bookings/cancel", {"token": link_token(blocked_mail, "/sale/odwolaj/")}).status_code
        == 410
    )

    fresh = api_post("room-bookings/confirm", {"token": link_token(fresh_mail, "/sale/potwierdz/")})
    assert fresh.status_code == 200 and fresh.json() == {"status": "requested"}


def test_staff_see_the_block_when_deciding(client, django_user_model, room, rules, thursday):
    from tests.conftest import make_staff_user

    no_show(room, rules, at(timezone.localdate() - timedelta(days=9), 17))
    second = no_show(room, rules, at(timezone.localdate() - timedelta(days=2), 17))
    earlier = make_room_booking(room, rules, at(thursday, 10))  # confirmed before the second no-show
    client.force_login(make_staff_user(django_user_model, "sale", "Sale"))
    page = client.get(f"/admin/rooms/roombooking/approve/{earlier.pk}/").content.decode()
    until = timezone.localtime(second.starts_at + timedelta(days=90))
    assert "Ten adres e-mail jest zablokowany po dwóch nieobecnościach do" in page
    assert f"{until.day} " in page
