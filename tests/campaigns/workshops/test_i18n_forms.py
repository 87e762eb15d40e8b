"""Plural forms, dates and numbers as a reader of each language expects them, on real pages and e-mails.

Polish and Ukrainian have three plural forms (1 / 2–4, 22–24 / 5–21, 25…), English two; months
inside a date take the genitive in Polish and Ukrainian ("26 listopada", "26 листопада").
"""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model

from home.models import StandardPage

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
PREFIX = {"pl": "", "en": "/en", "uk": "/uk"}
# Independent oracles: weekday names by ``date.weekday()``, November in the genitive.
WEEKDAYS = {
    "pl": ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"],
    "uk": ["понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
NOVEMBER = {"pl": "listopada", "uk": "листопада", "en": "November"}

FREE_SEATS = {
    "pl": {
        1: "1 wolne miejsce",
        2: "2 wolne miejsca",
        4: "4 wolne miejsca",
        5: "5 wolnych miejsc",
        12: "12 wolnych miejsc",
        21: "21 wolnych miejsc",
        22: "22 wolne miejsca",
        25: "25 wolnych miejsc",
    },
    "uk": {
        1: "1 вільне місце",
        2: "2 вільні місця",
        4: "4 вільні місця",
        5: "5 вільних місць",
        12: "12 вільних місць",
        21: "21 вільне місце",
        22: "22 вільні місця",
        25: "25 вільних місць",
    },
    "en": {
        1: "1 free seat",
        2: "2 free seats",
        4: "4 free seats",
        5: "5 free seats",
        12: "12 free seats",
        21: "21 free seats",
        22: "22 free seats",
        25: "25 free seats",
    },
}


def url_in(language, page):
    with translation.override(language):
        return page.url


def next_november_26():
    today = datetime.date.today()
    year = today.year if today < datetime.date(today.year, 11, 26) else today.year + 1
    return datetime.date(year, 11, 26)


@pytest.fixture
def november_session(make_session):
    day = next_november_26()
    session = make_session(capacity=5, starts_in=datetime.timedelta(days=1))
    session.starts_at = datetime.datetime(day.year, 11, 26, 17, 0, tzinfo=WARSAW)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    return session


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_free_seats_use_every_plural_form_of_the_language(client, make_session, language):
    first = make_session(capacity=1)
    for capacity in FREE_SEATS[language]:
        if capacity != 1:
            make_session(capacity=capacity, page=first.page, starts_in=datetime.timedelta(days=capacity))
    page_html = client.get(url_in(language, first.page)).content.decode()
    shown = re.findall(r"<td>(\d+ [^\d<]+?)\s*</td>", page_html)
    assert sorted(shown) == sorted(FREE_SEATS[language].values())


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_workshop_page_dates_put_the_month_in_the_genitive(client, november_session, language):
    day = next_november_26()
    text = html.unescape(client.get(url_in(language, november_session.page)).content.decode())
    weekday = WEEKDAYS[language][day.weekday()]
    # The weekday opens the table cell, so it may be capitalised; the apostrophe may be ASCII.
    expected = f"{weekday}, 26 {NOVEMBER[language]} {day.year}, 17:00</time>–19:00"
    assert expected.lower() in text.lower().replace("'", "ʼ")


@pytest.mark.parametrize(
    ("language", "label"),
    [("pl", "Termin"), ("uk", "Дата"), ("en", "Date")],
)
def test_booking_email_dates_follow_the_booking_language(november_session, book, language, label):
    day = next_november_26()
    book(november_session, language=language)
    body = mail.outbox[-1].body
    assert f"{label}: 26 {NOVEMBER[language]} {day.year}, 17:00–19:00" in body
    assert "listopad " not in body and "листопад " not in body  # never the nominative inside a date


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["Znaleziono 1 wynik.", "Znaleziono 2 wyniki.", "Znaleziono 5 wyników."]),
        ("uk", ["Знайдено 1 результат.", "Знайдено 2 результати.", "Знайдено 5 результатів."]),
        ("en", ["Found 1 result.", "Found 2 results.", "Found 5 results."]),
    ],
)
def test_search_result_count_agrees_with_the_number(client, home_page, language, expected):
    for word, count in [("jabłonka", 1), ("gruszka", 2), ("śliwka", 5)]:
        for number in range(count):
            home_page.add_child(instance=StandardPage(title=f"Sad {word} {number}", slug=f"{word}-{number}"))
    search = f"{PREFIX[language]}/szukaj/"
    for word, sentence in zip(["jabłonka", "gruszka", "śliwka"], expected, strict=True):
        assert sentence in client.get(search, {"q": word}).content.decode()


@pytest.mark.parametrize(
    ("language", "size"),
    [("pl", "(PDF, 1,5\xa0MB)"), ("uk", "(PDF, 1,5\xa0Мб)"), ("en", "(PDF, 1.5\xa0MB)")],
)
def test_file_sizes_use_the_language_decimal_separator(client, home_page, language, size):
    document = get_document_model().objects.create(
        title="Regulamin", file=ContentFile(b"%PDF" + b"0" * (1536 * 1024 - 4), name="regulamin.pdf")
    )
    page = StandardPage(title="Dokumenty", slug="dokumenty", body=[("document", {"document": document})])
    home_page.add_child(instance=page)
    page_html = client.get(url_in(language, page)).content.decode()
    assert size in page_html
