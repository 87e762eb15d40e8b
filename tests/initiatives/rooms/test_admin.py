"""The rooms admin ("Sale" menu): room staff edit rooms and add house-rules versions; a group's
requests are seen by room staff and coordinators only, and never edited by hand."""

from datetime import timedelta

import pytest

from initiatives.rooms import services
from initiatives.rooms.models import HouseRules, Room
from tests.conftest import make_staff_user
from tests.factories import at, room_request

pytestmark = pytest.mark.django_db

ROOMS = "/admin/rooms/room/"
BOOKINGS = "/admin/rooms/roombooking/"
RULES = "/admin/rooms/houserules/"


@pytest.fixture
def room_staff(django_user_model):
    return make_staff_user(django_user_model, "sale", "Sale")


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{i}-id"] = ""
    return data


def room_form(**overrides):
    data = {
        "name": "Sala duża",
        "slug": "sala-duza",
        "capacity": "40",
        "floor": "0",
        "step_free": "on",
        "equipment": "Rzutnik\nNagłośnienie",
        "photo_alt": "",
        "description": "Jasna sala na parterze.",
        "bookable": "on",
        **inline("opening_hours", [{"weekday": "0", "opens": "08:00", "closes": "20:00"}]),
        **inline("closed_days", []),
    }
    data.update(overrides)
    return data


def test_room_staff_create_a_room_with_its_opening_hours(client, room_staff):
    client.force_login(room_staff)
    response = client.post(f"{ROOMS}create/", room_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    room = Room.objects.get(slug="sala-duza")
    assert room.capacity == 40 and room.step_free and room.equipment_list == ["Rzutnik", "Nagłośnienie"]
    assert [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in room.opening_hours.all()] == [
        (0, "08:00", "20:00")
    ]


def test_opening_hours_must_close_after_they_open(client, room_staff):
    client.force_login(room_staff)
    data = room_form(**inline("opening_hours", [{"weekday": "0", "opens": "20:00", "closes": "08:00"}]))
    response = client.post(f"{ROOMS}create/", data)
    assert response.status_code == 200
    assert "Godzina zamknięcia musi być po godzinie otwarcia." in response.content.decode()
    assert not Room.objects.exists()


def test_house_rules_get_new_versions_and_are_never_edited(client, room_staff, rules):
    client.force_login(room_staff)
    response = client.post(f"{RULES}create/", {"text": "Nowy regulamin", "published_at": "2026-01-01 00:00"})
    assert response.status_code == 302
    assert list(HouseRules.objects.values_list("version", flat=True)) == [2, 1]
    assert client.get(f"{RULES}edit/{rules.pk}/").status_code in (302, 403)
    assert client.get(f"{RULES}delete/{rules.pk}/").status_code in (302, 403)


def test_requests_are_seen_by_room_staff_and_coordinators_not_editors(
    client, room_staff, coordinator_user, editor_user, room, rules, now
):
    day = now.date() + timedelta(days=3)
    services.request_booking(**room_request(room, rules, at(day, 17), at(day, 19)), now=now)
    for user in (room_staff, coordinator_user):
        client.force_login(user)
        response = client.get(BOOKINGS)
        assert response.status_code == 200 and "Klub Planszówkowy Pogoń" in response.content.decode()
        assert client.get(f"{BOOKINGS}create/").status_code in (302, 403)
    client.force_login(editor_user)
    response = client.get(BOOKINGS)
    assert response.status_code in (302, 403) and b"Klub" not in response.content
