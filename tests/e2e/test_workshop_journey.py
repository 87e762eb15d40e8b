"""A 15-year-old books a workshop seat; the guardian confirms from the e-mail; the participant
cancels from the e-mail; the first person on the waiting list is promoted. E-mail links are
read from the test outbox."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.workshops import services
from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def session(home_page):
    index = home_page.add_child(
        instance=WorkshopIndexPage(title="Warsztaty", slug="warsztaty", show_in_menus=True)
    )
    page = index.add_child(
        instance=WorkshopPage(
            title="Jak założyć grupę nieformalną",
            slug="grupa",
            intro="Od pomysłu do działania.",
            min_age=13,
            max_age=19,
            audiences=["ponadpodstawowa"],
            topic="aktywnosc-obywatelska",
        )
    )
    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    return WorkshopSession.objects.create(
        page=page,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=1,
        waiting_list_enabled=True,
    )


def link_in(message, path, base_url):
    match = re.search(r"https?://[^\s/]+(" + re.escape(path) + r"\?token=[\w-]+)", message.body)
    assert match, message.body
    return base_url + match.group(1)


def test_teenager_books_guardian_confirms_cancel_promotes_waiting_list(visit, session):
    page = visit.page
    fifteen = timezone.localdate().year - 15
    visit.goto("/")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Warsztaty").click()
    visit.scan()
    page.get_by_role("link", name="Jak założyć grupę nieformalną").first.click()
    visit.scan()
    page.get_by_label("Imię i nazwisko").fill("Kasia Nowak")
    page.locator("#id_email").fill("kasia@example.org")
    page.get_by_label("Rok urodzenia").fill(str(fifteen))
    page.get_by_label("Akceptuję regulamin").check()
    page.get_by_role("button", name="Zapisz mnie").click()
    visit.scan()
    # Under 16 without a guardian's e-mail: the form says so and keeps what was typed.
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Imię i nazwisko").input_value() == "Kasia Nowak"
    page.get_by_label("E-mail opiekuna prawnego").fill("mama.kasi@example.org")
    page.get_by_label("Akceptuję regulamin").check()
    page.get_by_role("button", name="Zapisz mnie").click()
    visit.scan()
    assert "Potwierdź zapis" in page.get_by_role("status").inner_text()
    booking = Booking.objects.get(email="kasia@example.org")
    assert booking.status == "awaiting_email"  # a short hold until Kasia confirms her own address
    assert not any("mama.kasi@example.org" in m.to for m in mail.outbox)
    asked = next(m for m in mail.outbox if "kasia@example.org" in m.to)
    visit.goto(link_in(asked, "/warsztaty/potwierdz-zapis/", ""))
    page.get_by_role("button", name="Potwierdzam zapis").click()
    visit.scan()
    assert "opiekun" in page.get_by_role("status").inner_text()
    booking.refresh_from_db()
    assert booking.status == "awaiting_guardian"

    # Someone else now finds the session full and lands on the waiting list (and confirms the address).
    services.book_seat(
        session.pk, name="Ola Czekająca", email="ola@example.org", birth_year=fifteen - 2, terms=True
    )
    assert Booking.objects.get(email="ola@example.org").status == "waiting_list"
    ola_asked = next(m for m in mail.outbox if "ola@example.org" in m.to)
    services.confirm_email(re.search(r"potwierdz-zapis/\?token=([\w-]+)", ola_asked.body).group(1))

    guardian_mail = next(m for m in mail.outbox if "mama.kasi@example.org" in m.to)
    visit.goto(link_in(guardian_mail, "/warsztaty/zgoda-opiekuna/", ""))
    page.get_by_role("button", name="Tak, wyrażam zgodę").click()
    visit.scan()
    booking.refresh_from_db()
    assert booking.status == "confirmed"

    confirmation = [m for m in mail.outbox if "kasia@example.org" in m.to and "/rezygnacja/" in m.body][-1]
    visit.goto(link_in(confirmation, "/warsztaty/rezygnacja/", ""))
    page.get_by_role("button", name="Tak, rezygnuję").click()
    visit.scan()
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert Booking.objects.get(email="ola@example.org").status == "confirmed"
    assert any("ola@example.org" in m.to for m in mail.outbox[-3:])
