"""The bookings admin: only the "Warsztaty" group sees it; export; bulk attendance; seats left."""

import io

import pytest
from openpyxl import load_workbook

from campaigns.workshops.choices import BookingStatus

pytestmark = pytest.mark.django_db

BOOKINGS = "/admin/workshops/booking/"
SESSIONS = "/admin/workshops/workshopsession/"


def test_editors_cannot_see_bookings(make_session, book, client, editor_user):
    book(make_session())
    client.force_login(editor_user)
    for url in (BOOKINGS, SESSIONS, f"{BOOKINGS}?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"ala@example.org" not in response.content


def test_volunteer_coordinators_cannot_see_bookings(make_session, client, coordinator_user):
    client.force_login(coordinator_user)
    assert client.get(BOOKINGS).status_code in (302, 403)


def test_workshop_staff_see_bookings_search_and_filter(make_session, book, client, workshop_staff_user):
    session = make_session(capacity=1)
    book(session, "a@example.org", name="Anna Pierwsza")
    book(session, "b@example.org", name="Bartek Drugi")
    client.force_login(workshop_staff_user)
    response = client.get(BOOKINGS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "a@example.org" in html and "b@example.org" in html
    assert "Bartek" not in client.get(BOOKINGS, {"q": "Anna"}).content.decode()
    filtered = client.get(BOOKINGS, {"status__exact": "waiting_list"}).content.decode()
    assert "b@example.org" in filtered and "a@example.org" not in filtered
    other = make_session()
    book(other, "c@example.org")
    per_session = client.get(BOOKINGS, {"termin": str(other.pk)}).content.decode()
    assert "c@example.org" in per_session and "a@example.org" not in per_session
    assert client.get(f"{BOOKINGS}create/").status_code in (302, 403)


def test_export_csv_and_xlsx(make_session, book, client, workshop_staff_user):
    book(make_session())
    client.force_login(workshop_staff_user)
    csv = client.get(BOOKINGS, {"export": "csv"})
    assert csv.status_code == 200
    text = (b"".join(csv.streaming_content) if csv.streaming else csv.content).decode()
    assert "ala@example.org" in text
    assert "CAS-" in text
    xlsx = client.get(BOOKINGS, {"export": "xlsx"})
    assert xlsx.status_code == 200
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert any("ala@example.org" in row for row in rows)


def test_sessions_overview_shows_seats_left(make_session, book, client, workshop_staff_user):
    session = make_session(capacity=4)
    book(session)
    client.force_login(workshop_staff_user)
    response = client.get(SESSIONS)
    assert response.status_code == 200
    assert response.context["view"].queryset.get(pk=session.pk).seats_left() == 3


def test_bulk_attendance(make_session, book, client, workshop_staff_user, editor_user):
    session = make_session(capacity=2)
    a = book(session, "a@example.org").booking
    b = book(session, "b@example.org").booking
    url = f"/admin/warsztaty/obecnosc/{session.pk}/"
    client.force_login(editor_user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(workshop_staff_user)
    assert "a@example.org" not in client.get(url).content.decode()  # names only, reference
    response = client.post(url, {"booking": [a.pk, b.pk], "status": "attended"})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == b.status == BookingStatus.ATTENDED
    client.post(url, {"booking": [b.pk], "status": "no_show"})
    b.refresh_from_db()
    assert b.status == BookingStatus.NO_SHOW


def test_inspect_view_shows_the_booking_to_staff_only(
    make_session, book, client, workshop_staff_user, editor_user
):
    booking = book(make_session(), phone="500600700").booking
    url = f"{BOOKINGS}inspect/{booking.pk}/"
    client.force_login(editor_user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(workshop_staff_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "500600700" in response.content.decode()
