"""The meeting place on the website: rooms and their free and busy times (never whose), the
request form with each refusal on its field, a series with one conflict, the pages the e-mails
link to, the .ics files parsed back, the open meetings, and nothing at all while
``CAS_ROOMS_PUBLIC`` is off."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from home.models import EmailLink
from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking, RoomClosedDay
from tests.factories import (
    at,
    link_token,
    make_equipment,
    make_image,
    make_room,
    next_weekday,
    room_form,
    room_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client; what a POST queues for after its commit (e-mails) runs when it returns."""
    post = client.post

    def committed_post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = committed_post
    return client


@pytest.fixture
def day():
    """A Tuesday 8 to 14 days ahead: past the notice whatever today is, within two months."""
    return next_weekday(1, after_days=8)


def request_path(room):
    return f"/sale/{room.slug}/rezerwuj/"


def ask(client, room, rules, on, **overrides):
    return client.post(request_path(room), room_form(rules, on, **overrides))


def week_of(client, room, day):
    return client.get(f"/sale/{room.slug}/", {"od": day.isoformat()})


def book(room, rules, starts_at, ends_at, **overrides):
    """A request through the service (another group's), confirmed and approved."""
    result = services.request_booking(**room_request(room, rules, starts_at, ends_at, **overrides))
    for booking in result.bookings:
        services.confirm_email(booking)
        services.approve(booking)
    return result.bookings[0]


def confirm_token():
    return link_token([m for m in mail.outbox if "/sale/potwierdz/" in m.body][-1], "/sale/potwierdz/")


def cancel_token():
    return link_token([m for m in mail.outbox if "/sale/odwolaj/" in m.body][-1], "/sale/odwolaj/")


# --- the switch ---------------------------------------------------------------------------------


def test_every_route_is_404_and_nothing_is_linked_while_the_feature_is_off(
    client, home_page, room, rules, day
):
    ask(client, room, rules, day, public="on", public_title="Wieczór gier")
    booking = RoomBooking.objects.get()
    token = cancel_token()
    services.confirm_email(booking)
    services.approve(booking)
    paths = [
        "/sale/",
        f"/sale/{room.slug}/",
        request_path(room),
        f"{request_path(room)}wyslano/",
        f"/sale/potwierdz/?token={token}",
        f"/sale/odwolaj/?token={token}",
        f"/sale/rezerwacja.ics?token={token}",
        "/spotkania/",
        "/spotkania/kalendarz.ics",
        f"/spotkania/{booking.pk}/",
        f"/spotkania/{booking.pk}.ics",
        "/en/sale/",
        "/uk/spotkania/",
    ]
    with override_settings(CAS_ROOMS_PUBLIC=False):
        for path in paths:
            assert client.get(path).status_code == 404, path
        assert client.post(request_path(room), room_form(rules, day)).status_code == 404
        assert client.post("/sale/odwolaj/", {"token": token, "action": "all"}).status_code == 404
        home = client.get("/").content.decode()
        sitemap = client.get("/sitemap.xml").content.decode()
    assert RoomBooking.objects.get().status == BookingStatus.APPROVED
    assert "/spotkania/" not in home and "/sale/" not in home and "Wieczór gier" not in home
    assert "/sale/" not in sitemap
    # and on again: all there
    assert client.get("/sale/").status_code == 200
    home = client.get("/").content.decode()
    assert 'href="/sale/"' in home and 'href="/spotkania/"' in home and "Wieczór gier" in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sale/" in sitemap and f"/sale/{room.slug}/" in sitemap
    assert "http://testserver/spotkania/" in sitemap


# --- rooms --------------------------------------------------------------------------------------


def test_the_room_list_shows_what_a_group_needs_to_choose(client, rules):
    room = make_room("Sala duża", capacity=40, floor=0, step_free=True, equipment="Rzutnik\nNagłośnienie")
    room.photo, room.photo_alt = make_image("Sala"), "Jasna sala z krzesłami w kręgu"
    room.save()
    make_room("Pracownia", capacity=8, floor=2)
    make_room("Magazyn", bookable=False)
    response = client.get("/sale/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sala duża" in html and "Pracownia" in html and "Magazyn" not in html
    assert "40 miejsc" in html and "parter" in html and "dostęp bez schodów" in html
    assert "piętro 2" in html and "dostęp tylko po schodach" in html
    assert "Na miejscu: Rzutnik, Nagłośnienie" in html
    assert 'alt="Jasna sala z krzesłami w kręgu"' in html
    assert f'href="/sale/{room.slug}/"' in html


def test_the_room_list_needs_the_same_queries_for_2_and_8_rooms(client, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 0

    def queries(total):
        while client.get("/sale/").context["page_obj"].paginator.count < total:
            room = make_room(equipment="Tablica")
            room.photo, room.photo_alt = make_image(), "Sala"
            room.save()
        client.get("/sale/")  # renditions made once
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/sale/").status_code == 200
        return len(ctx.captured_queries)

    assert queries(2) == queries(8)


def test_a_room_page_shows_the_room_its_hours_closed_days_and_house_rules(client, rules, day):
    room = make_room(
        "Sala warsztatowa", weekdays=range(5), opens=9, closes=20, description="Dla grup.\n\nDo 20 osób."
    )
    make_equipment("rzutnik", "Rzutnik", quantity=2)
    RoomClosedDay.objects.create(room=room, date=day, reason="Remont podłogi")
    html = week_of(client, room, day).content.decode()
    assert "<p>Dla grup.</p>" in html and "<p>Do 20 osób.</p>" in html
    assert (
        "Poniedziałek: 09:00–20:00" in html
        and "Sobota" not in html.split("Dni, w które")[0].split("Godziny otwarcia")[1]
    )
    assert "Remont podłogi" in html
    assert "Rzutnik (2 sztuki)" in html
    assert f"Regulamin sal (wersja {rules.version}" in html and "Cisza nocna od 22:00." in html
    assert f'href="/sale/{room.slug}/rezerwuj/"' in html
    crumbs = html.split('aria-label="Ścieżka nawigacji"')[1].split("</nav>")[0]
    assert crumbs.count("Sala warsztatowa") == 1 and 'href="/sale/"' in crumbs


def test_the_week_shows_free_and_busy_times_in_words_and_never_who(client, room, rules, day):
    book(room, rules, at(day, 17), at(day, 19), contact_email="tajny@example.org", public_title="Tajne")
    response = week_of(client, room, day)
    assert response.status_code == 200
    html = response.content.decode()
    [tuesday] = [d for d in response.context["week"] if d.date == day]
    assert [(p.starts_at.time(), p.ends_at.time(), p.busy) for p in tuesday.periods] == [  # local times
        (time(8), time(17), False),
        (time(17), time(19), True),
        (time(19), time(21), False),
    ]
    assert "17:00–19:00</span>\n            <strong>zajęte</strong>" in html
    assert "<strong>wolne</strong>" in html
    for personal in ("Klub", "Anna", "tajny@example.org", "500 600", "planszowych", "Tajne", "CAS-S"):
        assert personal not in html
    # each free period offers the form, prefilled
    assert f"/sale/{room.slug}/rezerwuj/?dzien={day:%Y-%m-%d}&amp;od=19:00&amp;do=21:00" in html
    assert "Zarezerwuj ten termin" in html


def test_the_week_moves_within_the_bookable_horizon(client, room, rules, settings):
    today = timezone.localdate()
    first = client.get(f"/sale/{room.slug}/")
    assert first.context["first"] == today and first.context["previous"] is None
    following = first.context["following"]
    assert f'href="?od={following:%Y-%m-%d}#availability-heading"' in first.content.decode()
    assert client.get(f"/sale/{room.slug}/", {"od": "jutro"}).context["first"] == today
    assert client.get(f"/sale/{room.slug}/", {"od": "2001-01-01"}).context["first"] == today
    far = client.get(f"/sale/{room.slug}/", {"od": "2999-01-01"})
    assert far.status_code == 200
    assert far.context["first"] == today + timedelta(days=settings.CAS_ROOMS_MAX_DAYS_AHEAD)
    assert far.context["following"] is None
    # days too soon for a request are shown, without the link
    assert "za krótki termin na prośbę" in first.content.decode()


def test_a_closed_day_and_a_day_without_hours_are_said_in_words(client, rules, day):
    room = make_room(weekdays=[0, 1, 2, 3, 4])
    RoomClosedDay.objects.create(room=room, date=day, reason="Święto")
    week = week_of(client, room, day)
    html = week.content.decode()
    assert "Sala zamknięta: Święto" in html and "Sala nieczynna" in html


def test_an_unknown_or_hidden_room_is_404(client, rules):
    hidden = make_room(bookable=False)
    assert client.get("/sale/nie-ma-takiej/").status_code == 404
    assert client.get(f"/sale/{hidden.slug}/").status_code == 404
    assert client.get(request_path(hidden)).status_code == 404


# --- the request form ---------------------------------------------------------------------------


def test_book_this_time_prefills_the_form_and_bad_values_are_ignored(client, room, rules, day):
    html = client.get(
        request_path(room), {"dzien": day.isoformat(), "od": "19:00", "do": "21:00"}
    ).content.decode()
    assert f'value="{day:%Y-%m-%d}"' in html and 'value="19:00"' in html and 'value="21:00"' in html
    assert client.get(request_path(room), {"dzien": "wczoraj", "od": "25:99"}).status_code == 200
    assert "no-cache" in client.get(request_path(room))["Cache-Control"]


def test_a_request_is_held_and_the_thank_you_page_says_check_the_email(client, room, rules, day):
    make_equipment("rzutnik", "Rzutnik", quantity=2)
    response = ask(client, room, rules, day, equipment__rzutnik="1")
    assert response.status_code == 302
    page = client.get(response["Location"])
    booking = RoomBooking.objects.get()
    html = page.content.decode()
    assert booking.status == BookingStatus.AWAITING_EMAIL and booking.language == "pl"
    assert booking.starts_at == at(day, 17) and booking.ends_at == at(day, 19)
    assert booking.equipment_lines.get().quantity == 1
    assert booking.public_title == "" and booking.contact_email == "anna@example.org"
    assert "Teraz sprawdź skrzynkę e-mail" in html and booking.reference in html
    assert "Potwierdź prośbę w ciągu 60 minut" in html
    [message] = mail.outbox
    assert message.to == ["anna@example.org"] and "/sale/potwierdz/?token=" in message.body


def test_a_public_title_is_kept_only_for_an_open_meeting(client, room, rules, day):
    assert ask(client, room, rules, day, public_title="Ukryty tytuł").status_code == 302
    assert RoomBooking.objects.get().public_title == ""
    response = ask(client, room, rules, day + timedelta(days=1), public="on", public_title="")
    assert response.status_code == 422
    assert response.context["form"].errors["public_title"] == [
        "Podaj tytuł, pod którym pokażemy spotkanie w kalendarzu."
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"fees_charged": "tak"}, "fees_charged", "Sale udostępniamy tylko na spotkania bezpłatne"),
        ({"participants": "50"}, "participants", "Ta sala mieści najwyżej 20 osób."),
        ({"house_rules": None}, "house_rules", "Zaakceptuj obowiązujący regulamin sal (wersja 1)."),
        ({"rules_version": "99"}, "house_rules", "Zaakceptuj obowiązujący regulamin sal (wersja 1)."),
        ({"starts_at": "20:00", "ends_at": "22:00"}, "starts_at", "Sala jest wtedy zamknięta"),
        ({"starts_at": "19:00", "ends_at": "18:00"}, "ends_at", "Koniec spotkania musi być później"),
        ({"day": "{soon}"}, "day", "Salę trzeba zarezerwować z wyprzedzeniem co najmniej 3 dni roboczych."),
        ({"day": "{far}"}, "day", "Salę można zarezerwować najwyżej 61 dni naprzód."),
        ({"repeat": "week", "until": ""}, "until", "Data końca cyklu nie może być wcześniejsza"),
        ({"repeat": "week", "until": "{far}"}, "until", None),
        (
            {"equipment__rzutnik": "1"},
            "equipment__rzutnik",
            "W tym czasie nie ma tylu sztuk sprzętu „Rzutnik”",
        ),
        ({"contact_email": "nie-adres"}, "contact_email", "Wprowadź poprawny adres email."),
        ({"organiser_kind": "firma"}, "organiser_kind", None),
        ({"day": "jutro"}, "day", "Wpisz poprawną datę."),
    ],
)
def test_each_refusal_is_a_polish_error_on_its_field_and_keeps_what_was_typed(
    client, room, rules, day, overrides, field, message, settings
):
    settings.CAS_ROOMS_MAX_OCCURRENCES = 3
    make_equipment("rzutnik", "Rzutnik", quantity=1)
    # the only projector is lent to a group in another room, 9:00–10:00
    book(make_room("Inna sala"), rules, at(day, 9), at(day, 10), equipment={"rzutnik": 1})
    soon, far = (timezone.localdate() + timedelta(days=days) for days in (1, 90))
    values = {
        key: value.format(soon=soon.isoformat(), far=far.isoformat()) if isinstance(value, str) else value
        for key, value in overrides.items()
    }
    if field == "equipment__rzutnik":
        values.update(starts_at="09:00", ends_at="10:00")
    before = RoomBooking.objects.count()
    response = ask(client, room, rules, day, **values)
    assert response.status_code == 422, response.status_code
    form = response.context["form"]
    assert field in form.errors, form.errors
    if message:
        assert form.errors[field][0].startswith(message), form.errors[field]
    html = response.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}"' in html
    assert 'value="Anna Organizatorka"' in html and "Spotkanie klubu gier planszowych" in html
    assert RoomBooking.objects.count() == before
    assert "no-cache" in response["Cache-Control"]


def test_a_taken_slot_is_a_conflict_on_the_start_time(client, room, rules, day):
    book(room, rules, at(day, 18), at(day, 20))
    response = ask(client, room, rules, day)
    assert response.status_code == 422
    assert response.context["form"].errors["starts_at"] == [
        f"Sala jest już zajęta w tym czasie: od {day:%Y-%m-%d} 18:00 do {day:%Y-%m-%d} 20:00."
    ]


def test_a_series_with_one_conflict_lists_it_and_the_rest_go_ahead(client, room, rules, day):
    taken = day + timedelta(weeks=1)
    book(room, rules, at(taken, 18), at(taken, 20), contact_email="inna.grupa@example.org")
    until = day + timedelta(weeks=2)
    response = ask(client, room, rules, day, repeat="week", until=until.isoformat())
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    mine = RoomBooking.objects.filter(contact_email="anna@example.org").order_by("starts_at")
    assert [b.starts_at for b in mine] == [at(day, 17), at(until, 17)]
    assert "Tych terminów nie możemy Wam dać" in html
    skipped = html.split("Tych terminów nie możemy Wam dać")[1]
    assert (
        f"Sala jest już zajęta w tym czasie: od {taken:%Y-%m-%d} 18:00 do {taken:%Y-%m-%d} 20:00." in skipped
    )
    reason = f"Sala jest już zajęta w tym czasie: od {taken:%Y-%m-%d} 18:00 do {taken:%Y-%m-%d} 20:00."
    assert mine[0].series.skipped == [
        {"starts_at": at(taken, 17).isoformat(), "ends_at": at(taken, 19).isoformat(), "reason": reason}
    ]
    assert len([m for m in mail.outbox if m.to == ["anna@example.org"]]) == 1  # one e-mail for the series


def test_a_filled_honeypot_gets_the_usual_answer_and_nothing_is_stored(client, room, rules, day):
    response = ask(client, room, rules, day, website="http://spam.example")
    assert response.status_code == 302
    assert "Teraz sprawdź skrzynkę e-mail" in client.get(response["Location"]).content.decode()
    assert not RoomBooking.objects.exists() and mail.outbox == []


def test_the_thank_you_page_without_a_request_goes_back_to_the_form(client, room):
    response = client.get(f"{request_path(room)}wyslano/")
    assert response.status_code == 302 and response["Location"] == request_path(room)


# --- the confirmation link ----------------------------------------------------------------------


def test_the_confirmation_page_confirms_only_with_its_button(client, room, rules, day):
    taken = day + timedelta(weeks=1)
    book(room, rules, at(taken, 17), at(taken, 19), contact_email="inna.grupa@example.org")
    mail.outbox.clear()
    ask(client, room, rules, day, repeat="week", until=(day + timedelta(weeks=2)).isoformat())
    token = confirm_token()
    for _ in range(2):  # opening the link (a mail scanner, twice) changes nothing
        response = client.get("/sale/potwierdz/", {"token": token})
        assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "Potwierdzam prośbę" in html and "Terminy, których nie zarezerwowaliśmy" in html
    assert "Klub" not in html and "planszowych" not in html  # nothing the requester typed
    mine = RoomBooking.objects.filter(contact_email="anna@example.org")
    assert {b.status for b in mine} == {BookingStatus.AWAITING_EMAIL}

    done = client.post("/sale/potwierdz/", {"token": token})
    assert done.status_code == 200
    html = done.content.decode()
    assert "Adres e-mail jest potwierdzony" in html
    held = html.split("czekają na decyzję")[1].split("Terminy, których nie zarezerwowaliśmy")
    assert f"{day:%-d}" in held[0] and len(held[0].split("<li>")) == 3  # two occurrences held
    assert "Sala jest już zajęta w tym czasie" in held[1]
    assert {b.status for b in mine.all()} == {BookingStatus.REQUESTED}
    again = client.post("/sale/potwierdz/", {"token": token})
    assert again.status_code == 410 and "link wygasł albo został już użyty" in again.content.decode()


@pytest.mark.parametrize("token", ["", "x" * 43, "y" * 500])
def test_a_bad_confirmation_link_is_a_clear_410_page(client, room, rules, token):
    for response in (
        client.get("/sale/potwierdz/", {"token": token}),
        client.post("/sale/potwierdz/", {"token": token}),
    ):
        assert response.status_code == 410
        assert "Ten link wygasł albo został już użyty" in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_a_confirmation_after_the_hold_says_the_slot_was_released(client, room, rules, day):
    ask(client, room, rules, day)
    token = confirm_token()
    RoomBooking.objects.update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    EmailLink.objects.update(expires_at=timezone.now() + timedelta(minutes=5))
    response = client.post("/sale/potwierdz/", {"token": token})
    assert response.status_code == 410
    assert "termin został zwolniony" in response.content.decode()


# --- the manage (cancel) link -------------------------------------------------------------------


def series(client, room, rules, day, weeks=2):
    ask(client, room, rules, day, repeat="week", until=(day + timedelta(weeks=weeks)).isoformat())
    return list(RoomBooking.objects.filter(contact_email="anna@example.org").order_by("starts_at"))


def test_the_manage_page_cancels_one_occurrence_and_keeps_the_link(client, room, rules, day):
    first, second, _third = series(client, room, rules, day)
    token = cancel_token()
    page = client.get("/sale/odwolaj/", {"token": token})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert html.count("Odwołaj to spotkanie") == 3 and "Odwołaj wszystkie terminy" in html
    assert f"/sale/rezerwacja.ics?token={token}" in html
    assert "Klub" not in html and "planszowych" not in html
    mail.outbox.clear()

    response = client.post("/sale/odwolaj/", {"token": token, "action": "one", "occurrence": second.pk})
    assert response.status_code == 200
    assert "Pozostałe terminy są bez zmian" in response.content.decode()
    statuses = [b.status for b in RoomBooking.objects.filter(series=first.series).order_by("starts_at")]
    assert statuses == [BookingStatus.AWAITING_EMAIL, BookingStatus.CANCELLED, BookingStatus.AWAITING_EMAIL]
    [message] = mail.outbox
    assert message.subject.startswith("Rezerwacja odwołana")
    # the link still works, for the others
    again = client.get("/sale/odwolaj/", {"token": token})
    assert again.status_code == 200 and again.content.decode().count("Odwołaj to spotkanie") == 2

    # even its own occurrence cancelled alone, the link still cancels the rest
    client.post("/sale/odwolaj/", {"token": token, "action": "one", "occurrence": first.pk})
    done = client.post("/sale/odwolaj/", {"token": token, "action": "all"})
    assert done.status_code == 200 and "Odwołaliśmy rezerwację" in done.content.decode()
    assert set(RoomBooking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert client.get("/sale/odwolaj/", {"token": token}).status_code == 410


def test_the_manage_link_never_reaches_another_request(client, room, rules, day):
    series(client, room, rules, day, weeks=1)
    token = cancel_token()
    other = book(room, rules, at(day, 10), at(day, 11), contact_email="inna.grupa@example.org")
    response = client.post("/sale/odwolaj/", {"token": token, "action": "one", "occurrence": other.pk})
    assert response.status_code == 404
    assert "Nie ma takiej rezerwacji." in response.content.decode()
    assert RoomBooking.objects.get(pk=other.pk).status == BookingStatus.APPROVED
    bad = client.post("/sale/odwolaj/", {"token": token, "action": "one", "occurrence": "1 OR 1=1"})
    assert bad.status_code == 404


def test_a_single_request_is_cancelled_whole(client, room, rules, day):
    ask(client, room, rules, day)
    token = cancel_token()
    html = client.get("/sale/odwolaj/", {"token": token}).content.decode()
    assert "Odwołaj to spotkanie" not in html and "Odwołaj rezerwację" in html
    assert client.post("/sale/odwolaj/", {"token": token, "action": "all"}).status_code == 200
    assert RoomBooking.objects.get().status == BookingStatus.CANCELLED


def test_a_bad_manage_link_is_a_clear_410_page(client, db):
    response = client.get("/sale/odwolaj/", {"token": "x" * 43})
    assert (
        response.status_code == 410 and "Ten link wygasł albo został już użyty" in response.content.decode()
    )
    assert client.post("/sale/odwolaj/", {"token": "x" * 43, "action": "all"}).status_code == 410


# --- iCalendar ----------------------------------------------------------------------------------


def test_a_booking_ics_holds_every_occurrence_with_its_status(client, room, rules, day):
    until = (day + timedelta(weeks=1)).isoformat()
    ask(client, room, rules, day, repeat="week", until=until, public="on", public_title="Wieczór gier")
    first = RoomBooking.objects.order_by("starts_at").first()
    token = cancel_token()

    def events():
        response = client.get("/sale/rezerwacja.ics", {"token": token})
        assert response.status_code == 200
        assert b"anna@example.org" not in response.content and b"planszowych" not in response.content
        return response, Calendar.from_ical(response.content)

    # Unconfirmed: nothing the requester typed (the link may be in a stranger's mailbox).
    _response, calendar = events()
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Spotkanie w sali Sala warsztatowa"] * 2
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["TENTATIVE", "TENTATIVE"]

    services.confirm_email(first)
    services.approve(first)
    response, calendar = events()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="rezerwacja-{first.reference}.ics"'
    assert "no-store" in response["Cache-Control"]
    found = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in found] == [at(day, 17), at(day + timedelta(weeks=1), 17)]
    assert [str(e["STATUS"]) for e in found] == ["CONFIRMED", "TENTATIVE"]
    assert [str(e["SUMMARY"]) for e in found] == ["Wieczór gier", "Wieczór gier"]
    assert first.reference in str(found[0]["DESCRIPTION"]) and room.name in str(found[0]["LOCATION"])
    assert "Plac Kościuszki 5" in str(found[0]["LOCATION"])
    assert calendar.walk("VTIMEZONE")
    # reading it does not use the link
    assert client.get("/sale/odwolaj/", {"token": token}).status_code == 200
    assert client.get("/sale/rezerwacja.ics", {"token": "x" * 43}).status_code == 410


def open_meeting(room, rules, day, hour=17, **overrides):
    values = {"public_title": "Wieczór gier", "public_description": "Dla każdego, kto lubi planszówki."}
    values.update(overrides)
    return book(room, rules, at(day, hour), at(day, hour + 2), **values)


def test_the_meetings_feed_parses_back(client, room, rules, day):
    meeting = open_meeting(room, rules, day)
    book(room, rules, at(day, 10), at(day, 11))  # not public
    response = client.get("/spotkania/kalendarz.ics")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Wieczór gier"
    assert event.decoded("dtstart") == at(day, 17) and event.decoded("dtend") == at(day, 19)
    assert "Klub Planszówkowy Pogoń" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://testserver/spotkania/{meeting.pk}/"
    assert b"anna@example.org" not in response.content and b"Anna" not in response.content
    single = Calendar.from_ical(client.get(f"/spotkania/{meeting.pk}.ics").content).walk("VEVENT")
    assert [str(e["UID"]) for e in single] == [str(event["UID"])]


# --- open meetings ------------------------------------------------------------------------------


def test_open_meetings_list_title_group_room_time_and_access(client, room, rules, day):
    open_meeting(room, rules, day)
    open_meeting(
        room,
        rules,
        day,
        hour=10,
        public_title="Szycie",
        organiser_kind="resident",
        organiser_name="Jan Kowalski",
    )
    book(room, rules, at(day, 13), at(day, 14))  # not public
    response = client.get("/spotkania/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Szycie") < html.index("Wieczór gier")  # soonest first
    assert (
        "Klub Planszówkowy Pogoń" in html and "mieszkaniec lub mieszkanka" in html and "Kowalski" not in html
    )
    assert f'href="/sale/{room.slug}/"' in html and "dostęp tylko po schodach" in html
    assert 'href="/spotkania/kalendarz.ics"' in html
    assert "Spotkanie klubu gier" not in html and "anna@example.org" not in html


def test_open_meetings_empty_state(client, db):
    html = client.get("/spotkania/").content.decode()
    assert "Nie ma teraz zapowiedzianych otwartych spotkań" in html


def test_open_meetings_are_paged_with_the_same_queries(client, rules, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 0
    day = next_weekday(1, after_days=8)

    def queries(total):
        while RoomBooking.objects.count() < total:
            open_meeting(make_room(), rules, day)
        client.get("/spotkania/")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/spotkania/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert queries(2) == queries(25)
    second = client.get("/spotkania/", {"strona": "2"})
    assert len(second.context["page_obj"]) == 5 and 'rel="prev"' in second.content.decode()


def test_a_meeting_page_and_unknown_meetings(client, room, rules, day):
    meeting = open_meeting(room, rules, day)
    private = book(room, rules, at(day, 10), at(day, 11))
    html = client.get(f"/spotkania/{meeting.pk}/").content.decode()
    assert "<h1>Wieczór gier</h1>" in html and "Dla każdego, kto lubi planszówki." in html
    assert f'href="/spotkania/{meeting.pk}.ics"' in html
    for pk in (private.pk, 987654):
        assert client.get(f"/spotkania/{pk}/").status_code == 404
        assert client.get(f"/spotkania/{pk}.ics").status_code == 404


def test_the_home_page_shows_the_next_open_meetings(client, home_page, room, rules, day):
    assert "Otwarte spotkania w CAS" not in client.get("/").content.decode()  # none yet: no section
    open_meeting(room, rules, day)
    html = client.get("/").content.decode()
    assert "Otwarte spotkania w CAS" in html and "Wieczór gier" in html


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("/en", ("Rooms for groups and residents", "Open meetings")), ("/uk", ("Зали", "Відкриті зустрічі"))],
)
def test_the_pages_speak_english_and_ukrainian(client, home_page, room, rules, day, prefix, words):
    open_meeting(room, rules, day)
    rooms, meetings = client.get(f"{prefix}/sale/"), client.get(f"{prefix}/spotkania/")
    assert words[0] in rooms.content.decode() and words[1] in meetings.content.decode()
    assert f'href="{prefix}/sale/{room.slug}/"' in rooms.content.decode()
    form = client.get(f"{prefix}/sale/{room.slug}/rezerwuj/").content.decode()
    assert "Kto prosi o salę" not in form
