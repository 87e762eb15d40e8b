"""The staff side of the meeting place: the week calendar of requests, and the decisions
(approve, approve a whole series, refuse with a reason, no-show) taken in the admin, each of
which calls the service and e-mails the requester through the outbox."""

from datetime import timedelta

import pytest
from django.core import mail

from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.conftest import make_staff_user
from tests.factories import at, link_token, make_room, make_room_booking

pytestmark = pytest.mark.django_db

CALENDAR = "/admin/sale/kalendarz/"
BOOKINGS = "/admin/rooms/roombooking/"


def action_url(action, booking):
    return f"{BOOKINGS}{action}/{booking.pk}/"


@pytest.fixture
def room_staff(django_user_model):
    return make_staff_user(django_user_model, "sale", "Sale")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("szefowa", "szefowa@example.org", "haslo-testowe-123")


@pytest.fixture
def requested(room, rules, thursday):
    return make_room_booking(room, rules, at(thursday, 17), at(thursday, 19), organiser_name="Klub Szachowy")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request with its after-commit work (the outbox's delivery) done at once."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


# --- the calendar --------------------------------------------------------------------------------


def test_calendar_opens_for_room_staff_coordinators_and_superusers_only(
    client, room_staff, coordinator_user, superuser, editor_user, workshop_staff_user, requested, thursday
):
    week = f"{CALENDAR}?tydzien={thursday.isoformat()}"
    for user in (room_staff, coordinator_user, superuser):
        client.force_login(user)
        response = client.get(week)
        assert response.status_code == 200, user
        page = response.content.decode()
        assert "Klub Szachowy" in page and requested.reference in page
    for user in (editor_user, workshop_staff_user):
        client.force_login(user)
        response = client.get(week)
        assert response.status_code in (302, 403) and b"Klub Szachowy" not in response.content
    client.logout()
    response = client.get(week)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_calendar_shows_the_week_by_room_with_status_in_words_and_links(
    client, room_staff, room, rules, requested, thursday
):
    other = make_room("Sala mała")
    approved = make_room_booking(other, rules, at(thursday, 10), at(thursday, 12), status="approved",
                                 organiser_name="Fundacja Pod Dębem")  # fmt: skip
    cancelled = make_room_booking(room, rules, at(thursday, 9), at(thursday, 10), status="cancelled",
                                  organiser_name="Odwołani")  # fmt: skip
    make_room_booking(room, rules, at(thursday + timedelta(weeks=1), 17), organiser_name="Za tydzień")
    client.force_login(room_staff)

    page = client.get(f"{CALENDAR}?tydzien={thursday.isoformat()}").content.decode()
    assert "status: czeka na decyzję" in page and "status: zatwierdzona" in page  # words, not colour only
    assert "Klub Szachowy" in page and "Fundacja Pod Dębem" in page
    assert "Odwołani" not in page and "Za tydzień" not in page
    assert f'href="{BOOKINGS}inspect/{requested.pk}/"' in page
    assert f'href="{BOOKINGS}inspect/{approved.pk}/"' in page
    assert f'action="{BOOKINGS}approve/{requested.pk}/"' in page  # a decision from the calendar
    assert "17:00–19:00" in page and "Sala mała" in page

    monday = thursday - timedelta(days=thursday.weekday())
    assert f"tydzien={(monday + timedelta(weeks=1)).isoformat()}" in page  # next week
    assert f"tydzien={(monday - timedelta(weeks=1)).isoformat()}" in page  # previous week
    following = client.get(f"{CALENDAR}?tydzien={(monday + timedelta(weeks=1)).isoformat()}")
    assert "Za tydzień" in following.content.decode() and "Klub Szachowy" not in following.content.decode()

    only_small = client.get(f"{CALENDAR}?tydzien={thursday.isoformat()}&sala={other.pk}").content.decode()
    assert "Fundacja Pod Dębem" in only_small and "Klub Szachowy" not in only_small
    assert f"sala={other.pk}" in only_small  # the week links keep the room

    with_cancelled = client.get(f"{CALENDAR}?tydzien={thursday.isoformat()}&anulowane=1").content.decode()
    assert "Odwołani" in with_cancelled and "status: anulowana" in with_cancelled
    assert cancelled.reference in with_cancelled


@pytest.mark.parametrize("query", ["tydzien=jutro", "tydzien=2026-13-45", "sala=abc", "sala=99999"])
def test_calendar_bad_parameters_fall_back_to_this_week_and_every_room(client, room_staff, room, query):
    client.force_login(room_staff)
    response = client.get(f"{CALENDAR}?{query}")
    assert response.status_code == 200 and room.name in response.content.decode()


def test_the_calendar_is_in_the_sale_menu(client, room_staff):
    client.force_login(room_staff)
    assert CALENDAR in client.get("/admin/").content.decode()


# --- decisions -------------------------------------------------------------------------------------


def test_approve_from_the_admin_calls_the_service_and_mails_the_requester(
    client, room_staff, requested, committed
):
    client.force_login(room_staff)
    page = client.get(action_url("approve", requested))
    assert page.status_code == 200 and "Klub Szachowy" in page.content.decode()

    response = committed(client.post, action_url("approve", requested), {"next": CALENDAR})
    assert response.status_code == 302 and response["Location"] == CALENDAR
    requested.refresh_from_db()
    assert requested.status == BookingStatus.APPROVED and requested.decided_by == room_staff
    [message] = mail.outbox
    assert message.to == ["anna@example.org"] and message.subject == "Sala jest Wasza: Sala warsztatowa"
    assert link_token(message, "/sale/odwolaj/") and link_token(message, "/sale/rezerwacja.ics")
    assert [b.pk for b in services.calendar_bookings(link_token(message, "/sale/rezerwacja.ics"))] == [
        requested.pk
    ]

    again = client.post(action_url("approve", requested), follow=True)  # approved already: refused
    assert "Tej rezerwacji nie można już zmienić (jej status: zatwierdzona)." in again.content.decode()
    assert len(mail.outbox) == 1


def test_refusing_needs_a_reason_which_the_requester_gets(client, coordinator_user, requested, committed):
    client.force_login(coordinator_user)
    empty = client.post(action_url("refuse", requested), {"reason": "   "})
    assert empty.status_code == 422
    page = empty.content.decode()
    assert "Podaj powód odmowy: dostanie go osoba, która prosiła o salę." in page
    assert 'aria-invalid="true"' in page and '<label class="w-field__label" for="id_reason">' in page
    requested.refresh_from_db()
    assert requested.status == BookingStatus.REQUESTED and not mail.outbox

    response = committed(
        client.post, action_url("refuse", requested), {"reason": "Sala jest wtedy remontowana."}
    )
    assert response.status_code == 302 and response["Location"] == f"{BOOKINGS}inspect/{requested.pk}/"
    requested.refresh_from_db()
    assert (
        requested.status == BookingStatus.REFUSED
        and requested.refusal_reason == "Sala jest wtedy remontowana."
    )
    [message] = mail.outbox
    assert message.subject == "Nie możemy udostępnić sali: Sala warsztatowa"
    assert "Powód: Sala jest wtedy remontowana." in message.body


def test_no_show_only_once_the_meeting_has_begun(client, room_staff, room, rules):
    from django.utils import timezone

    yesterday = timezone.localdate() - timedelta(days=1)
    past = make_room_booking(room, rules, at(yesterday, 17), status="approved")
    future = make_room_booking(room, rules, at(yesterday + timedelta(days=9), 17), status="approved")
    client.force_login(room_staff)

    listing = client.get(BOOKINGS).content.decode()
    assert action_url("no_show", past) in listing and action_url("no_show", future) not in listing
    assert client.post(action_url("no_show", past)).status_code == 302
    past.refresh_from_db()
    assert past.status == BookingStatus.NO_SHOW

    refused = client.post(action_url("no_show", future), follow=True)
    assert "Nieobecność można zaznaczyć dopiero po rozpoczęciu spotkania." in refused.content.decode()
    future.refresh_from_db()
    assert future.status == BookingStatus.APPROVED


def test_approving_a_series_checks_each_occurrence_and_sends_one_e_mail(
    client, room_staff, room, rules, now, thursday, committed
):
    result = services.request_booking(
        room_id=room.pk, starts_at=at(thursday, 17), ends_at=at(thursday, 19), organiser_kind="ngo",
        organiser_name="Stowarzyszenie Sąsiedzi", contact_name="Ewa", contact_email="ewa@example.org",
        purpose="Spotkania sąsiedzkie", participants=10, house_rules=rules.version,
        every="week", until=thursday + timedelta(weeks=2), now=now,
    )  # fmt: skip
    first, second, third = result.bookings
    services.confirm_email(first, now=now)
    services.cancel_occurrence(second, now=now)
    client.force_login(room_staff)

    page = client.get(action_url("approve_series", first)).content.decode()
    assert page.count("<td>czeka na decyzję</td>") == 2 and "<td>anulowana</td>" in page

    committed(client.post, action_url("approve_series", first))
    statuses = dict(RoomBooking.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: BookingStatus.APPROVED,
        second.pk: BookingStatus.CANCELLED,
        third.pk: BookingStatus.APPROVED,
    }
    [message] = mail.outbox
    assert message.body.count("17:00–19:00") == 2
    meetings = services.calendar_bookings(link_token(message, "/sale/rezerwacja.ics"))
    assert [b.pk for b in meetings] == [first.pk, third.pk]


def test_decisions_show_as_buttons_only_when_they_apply(client, room_staff, editor_user, requested):
    client.force_login(room_staff)
    inspect = client.get(f"{BOOKINGS}inspect/{requested.pk}/").content.decode()
    assert action_url("approve", requested) in inspect and action_url("refuse", requested) in inspect
    assert action_url("approve_series", requested) not in inspect  # not a series
    assert action_url("no_show", requested) not in inspect  # not approved, not begun


def test_other_roles_cannot_decide(client, editor_user, workshop_staff_user, requested):
    for user in (editor_user, workshop_staff_user):
        client.force_login(user)
        for action in ("approve", "refuse", "no_show", "approve_series"):
            response = client.post(action_url(action, requested), {"reason": "x"})
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert response["Location"].rstrip("/") == "/admin"
    requested.refresh_from_db()
    assert requested.status == BookingStatus.REQUESTED


def test_after_a_decision_only_admin_pages_are_followed(client, room_staff, requested):
    client.force_login(room_staff)
    response = client.post(action_url("approve", requested), {"next": "https://evil.example/admin/"})
    assert response["Location"] == f"{BOOKINGS}inspect/{requested.pk}/"
