"""The e-mails of a room request, through the one outbox, with single-use links: confirming the
address sends the request to staff, the cancel link frees the slot, decisions are mailed."""

import pytest
from django.core import mail

from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.factories import at, link_token, next_weekday, room_booking_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return next_weekday(1, after_days=8)


def ask(api_post, room, rules, day, capture, **overrides):
    payload = room_booking_payload(room, rules, at(day, 17), at(day, 19))
    payload.update(overrides)
    with capture(execute=True):
        response = api_post("room-bookings/", payload)
    assert response.status_code == 202, response.content
    return response.json()


def test_confirm_link_sends_the_request_to_staff_once(
    api_post, room, rules, day, django_capture_on_commit_callbacks
):
    answer = ask(api_post, room, rules, day, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Potwierdź prośbę o salę: Sala warsztatowa"
    assert answer["reference"] in message.body and "/sale/odwolaj/?token=" in message.body
    token = link_token(message, "/sale/potwierdz/")

    response = api_post("room-bookings/confirm", {"token": token})
    assert response.status_code == 200 and response.json() == {"status": "requested"}
    assert RoomBooking.objects.get().status == BookingStatus.REQUESTED
    again = api_post("room-bookings/confirm", {"token": token})
    assert again.status_code == 410
    assert again.json()["detail"] == "Ten link wygasł albo został już użyty. Poproś o nowy."


def test_cancel_link_frees_the_whole_series_and_is_mailed(
    api_post, room, rules, day, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    repeat = {"every": "week", "until": (day + timedelta(weeks=2)).isoformat()}
    ask(api_post, room, rules, day, django_capture_on_commit_callbacks, repeat=repeat)
    [message] = mail.outbox  # one e-mail for the series, listing its three meetings
    assert message.body.count(f"{room.name}") >= 1 and message.body.count("17:00–19:00") == 3
    token = link_token(message, "/sale/odwolaj/")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_post("room-bookings/cancel", {"token": token})
    assert response.status_code == 200 and response.json() == {"status": "cancelled"}
    assert set(RoomBooking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert mail.outbox[-1].subject == "Rezerwacja odwołana: Sala warsztatowa"
    assert api_post("room-bookings/cancel", {"token": token}).status_code == 410
    # the confirmation link of a cancelled request is dead too
    assert (
        api_post("room-bookings/confirm", {"token": link_token(message, "/sale/potwierdz/")}).status_code
        == 410
    )


def test_staff_decisions_are_mailed_with_the_reason(
    api_post, room, rules, day, django_capture_on_commit_callbacks
):
    ask(api_post, room, rules, day, django_capture_on_commit_callbacks)
    ask(api_post, room, rules, day, django_capture_on_commit_callbacks,
        starts_at=at(day, 9).isoformat(), ends_at=at(day, 10).isoformat())  # fmt: skip
    for message in list(mail.outbox):
        api_post("room-bookings/confirm", {"token": link_token(message, "/sale/potwierdz/")})
    first, second = RoomBooking.objects.order_by("starts_at")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(second)
        services.refuse(first, "W tym czasie sala jest potrzebna na wybory.")
    approved, refused = mail.outbox[-2:]
    assert (
        approved.subject == "Sala jest Wasza: Sala warsztatowa" and "/sale/odwolaj/?token=" in approved.body
    )
    assert refused.subject == "Nie możemy udostępnić sali: Sala warsztatowa"
    assert "Powód: W tym czasie sala jest potrzebna na wybory." in refused.body


def test_a_refused_request_nobody_confirmed_is_not_mailed(
    api_post, room, rules, day, django_capture_on_commit_callbacks
):
    ask(api_post, room, rules, day, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(RoomBooking.objects.get(), "Spam")
    assert len(mail.outbox) == 1  # only the confirmation request


def test_an_expired_confirmation_link_is_410(api_post, room, rules, day, django_capture_on_commit_callbacks):
    from datetime import timedelta

    ask(api_post, room, rules, day, django_capture_on_commit_callbacks)
    token = link_token(mail.outbox[0], "/sale/potwierdz/")
    RoomBooking.objects.update(hold_expires_at=at(day, 0) - timedelta(days=30))
    from home.models import EmailLink

    EmailLink.objects.update(expires_at=at(day, 0) - timedelta(days=30))
    assert api_post("room-bookings/confirm", {"token": token}).status_code == 410
