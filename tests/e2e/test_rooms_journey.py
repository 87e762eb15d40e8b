"""A group leader, on a desktop and on a phone, finds a free evening on a room's page, asks for
the room every week with a projector, makes a mistake and fixes it, confirms the e-mail (the
link is read from the sent mail) and sees that one occurrence was refused because another
group holds the room then. A member of staff ("Sale") approves the whole series in the admin;
the approval e-mail goes out and the meeting appears on /spotkania/, on the home page and in the
.ics feed. axe checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format
from icalendar import Calendar

from initiatives.rooms import services
from initiatives.rooms.choices import BookingStatus
from initiatives.rooms.models import RoomBooking
from tests.factories import at, make_equipment, make_house_rules, make_room, next_weekday, room_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEADER = "ola.fotografia@example.org"


@pytest.fixture
def place(home_page):
    """The chosen Tuesday. A room open every day 8:00–21:00, one projector to lend, the house
    rules, and another group that holds the room that Tuesday until 17:00 and on the next
    Tuesday's evening."""
    room = make_room(
        "Sala warsztatowa",
        step_free=True,
        equipment="Tablica\nFlipchart",
        description="Jasna sala na parterze, dla grup do 20 osób.",
    )
    make_equipment("rzutnik", "Rzutnik", quantity=1)
    rules = make_house_rules()
    day = next_weekday(1, after_days=8)
    for starts_at, ends_at in (
        (at(day, 8), at(day, 17)),
        (at(day + timedelta(weeks=1), 18), at(day + timedelta(weeks=1), 20)),
    ):
        result = services.request_booking(
            **room_request(room, rules, starts_at, ends_at, contact_email="inna.grupa@example.org")
        )
        for booking in result.bookings:
            services.confirm_email(booking)
            services.approve(booking)
    mail.outbox.clear()
    return day


def link_in(path):
    message = [m for m in mail.outbox if m.to == [LEADER] and path in m.body][-1]
    match = re.search(r"https?://[^\s/]+(" + re.escape(path) + r"\?token=[\w-]+)", message.body)
    assert match, message.body
    return match.group(1)


def polish_day(day):
    with translation.override("pl"):
        return date_format(day, "l, j E")


def staff_approve_the_series(browser, live_server, booking):
    """A member of "Sale" signs in to the admin, opens the request's "approve the whole series"
    page from the list of room requests and confirms it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("sale-journey", "sale@example.org", "haslo-sal-2026")
    user.groups.add(Group.objects.get(name="Sale"))
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("sale-journey")
    page.locator("#id_password").fill("haslo-sal-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/rooms/roombooking/inspect/{booking.pk}/")
    page.get_by_role("link", name="Zatwierdź cały cykl").first.click()
    page.wait_for_url(f"**/admin/rooms/roombooking/approve_series/{booking.pk}/**")
    page.get_by_role("button", name="Zatwierdź cały cykl").click()
    page.locator(".messages li.success").wait_for()
    assert "Zatwierdzone spotkania cyklu: 2" in page.locator(".messages").inner_text()
    context.close()


def test_leader_books_a_weekly_evening_with_a_projector(visit, place, live_server, browser):
    day = place
    page = visit.page
    visit.goto("/")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Sale", exact=True).click()
    visit.scan()
    page.get_by_role("link", name="Sala warsztatowa").click()
    visit.scan()
    assert page.get_by_text("dostęp bez schodów").first.is_visible()

    # Week by week to the chosen Tuesday; its evening is free, the morning is taken (no names).
    label = polish_day(day)
    book_evening = page.get_by_role("link", name=f"Zarezerwuj ten termin ({label}, 17:00–21:00)")
    for _ in range(3):
        if book_evening.count():
            break
        page.get_by_role("link", name="Następne dni").click()
        visit.scan()
    assert page.get_by_role("heading", name=label).is_visible()
    assert "inna.grupa" not in page.content() and "Klub Planszówkowy" not in page.content()
    book_evening.click()
    visit.scan()
    assert page.get_by_label("Dzień spotkania").input_value() == day.isoformat()
    assert page.get_by_label("Początek (godzina)").input_value() == "17:00"

    page.get_by_label("grupa nieformalna").check()
    page.get_by_label("Nazwa grupy lub organizacji").fill("Klub Młodych Fotografów")
    page.get_by_label("Osoba odpowiedzialna (pełnoletnia)").fill("Ola Fotografka")
    page.get_by_label("E-mail osoby odpowiedzialnej").fill(LEADER)
    page.get_by_label("Koniec (godzina)").fill("19:00")
    page.get_by_label("co tydzień").check()
    page.get_by_label("Powtarzaj do dnia").fill((day + timedelta(weeks=2)).isoformat())
    page.get_by_label("Cel spotkania").fill("Cotygodniowe spotkania klubu: pokaz zdjęć i omówienie.")
    page.get_by_label("Przewidywana liczba uczestników").fill("12")
    page.get_by_label("Rzutnik").fill("1")
    page.get_by_label("Spotkanie jest otwarte dla wszystkich").check()
    page.get_by_label("Tytuł spotkania w kalendarzu").fill("Wieczór fotografii")
    page.get_by_role("button", name="Wyślij prośbę o salę").click()
    visit.scan()
    # The house rules were not accepted: the form says so, next to the box, and keeps the rest.
    assert page.get_by_role("alert").is_visible()
    assert "Zaakceptuj obowiązujący regulamin sal" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Nazwa grupy lub organizacji").input_value() == "Klub Młodych Fotografów"
    page.get_by_label("Akceptuję regulamin sal").check()
    page.get_by_role("button", name="Wyślij prośbę o salę").click()
    visit.scan()
    assert "sprawdź skrzynkę e-mail" in page.get_by_role("heading", level=1).inner_text()
    taken = polish_day(day + timedelta(weeks=1))
    assert taken in page.get_by_role("list").filter(has_text="Sala jest już zajęta").inner_text()
    mine = RoomBooking.objects.filter(contact_email=LEADER).order_by("starts_at")
    assert [b.starts_at for b in mine] == [at(day, 17), at(day + timedelta(weeks=2), 17)]
    assert all(b.equipment_lines.get().quantity == 1 for b in mine)

    # The e-mailed link: opening it changes nothing, the button confirms.
    visit.goto(link_in("/sale/potwierdz/"))
    assert {b.status for b in mine.all()} == {BookingStatus.AWAITING_EMAIL}
    page.get_by_role("button", name="Potwierdzam prośbę").click()
    visit.scan()
    assert "Adres e-mail jest potwierdzony" in page.get_by_role("status").inner_text()
    refused = page.get_by_role("heading", name="Terminy, których nie zarezerwowaliśmy")
    assert refused.is_visible()
    assert taken in page.locator("ul").filter(has_text="Sala jest już zajęta").inner_text()
    assert {b.status for b in mine.all()} == {BookingStatus.REQUESTED}

    # Staff approve the series in the admin; the group gets one approval e-mail listing both.
    staff_approve_the_series(browser, live_server, mine.first())
    assert {b.status for b in mine.all()} == {BookingStatus.APPROVED}
    [approval] = [m for m in mail.outbox if m.to == [LEADER] and m.subject.startswith("Sala jest Wasza")]
    assert "/sale/odwolaj/?token=" in approval.body and "/sale/rezerwacja.ics?token=" in approval.body

    # The approval e-mail's link shows the booking (each date can still be cancelled alone).
    visit.goto(link_in("/sale/odwolaj/"))
    assert page.get_by_role("button", name=re.compile("^Odwołaj to spotkanie")).count() == 2

    # The open meeting is public now: /spotkania/, its page, the home page, the feed.
    visit.goto("/spotkania/")
    assert page.get_by_role("link", name="Wieczór fotografii").count() == 2
    assert "Klub Młodych Fotografów" in page.content() and LEADER not in page.content()
    page.get_by_role("link", name="Wieczór fotografii").first.click()
    visit.scan()
    assert page.get_by_role("heading", level=1, name="Wieczór fotografii").is_visible()
    visit.goto("/")
    assert page.get_by_role("heading", name="Otwarte spotkania w CAS").is_visible()
    feed = page.request.get(live_server.url + "/spotkania/kalendarz.ics")
    assert feed.ok
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Wieczór fotografii", "Wieczór fotografii"]
    assert [e.decoded("dtstart") for e in events] == [at(day, 17), at(day + timedelta(weeks=2), 17)]
