"""Working days in Poland: weekends and every statutory public holiday are not."""

from datetime import date

import pytest

from home.workdays import add_working_days, is_working_day, public_holiday


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2027, 1, 1), "Nowy Rok"),
        (date(2027, 1, 6), "Święto Trzech Króli"),
        (date(2026, 4, 5), "Niedziela Wielkanocna"),
        (date(2026, 4, 6), "Poniedziałek Wielkanocny"),
        (date(2027, 3, 29), "Poniedziałek Wielkanocny"),  # Easter moves: 28 March 2027
        (date(2026, 5, 1), "Święto Państwowe"),
        (date(2026, 5, 3), "Święto Narodowe Trzeciego Maja"),
        (date(2026, 5, 24), "Zielone Świątki"),
        (date(2026, 6, 4), "Dzień Bożego Ciała"),
        (date(2027, 5, 27), "Dzień Bożego Ciała"),
        (date(2026, 8, 15), "Wniebowzięcie Najświętszej Marii Panny"),
        (date(2026, 11, 1), "Uroczystość Wszystkich Świętych"),
        (date(2026, 11, 11), "Narodowe Święto Niepodległości"),
        (date(2025, 12, 24), "Wigilia Bożego Narodzenia"),
        (date(2026, 12, 25), "Boże Narodzenie (pierwszy dzień)"),
        (date(2026, 12, 26), "Boże Narodzenie (drugi dzień)"),
    ],
)
def test_polish_public_holidays(day, name):
    assert public_holiday(day) == name
    assert not is_working_day(day)


def test_christmas_eve_is_a_holiday_only_from_2025():
    assert public_holiday(date(2024, 12, 24)) is None and is_working_day(date(2024, 12, 24))  # a Tuesday


def test_ordinary_days():
    assert is_working_day(date(2026, 4, 7))  # the Tuesday after Easter Monday
    assert not is_working_day(date(2026, 12, 12))  # a Saturday


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 8)  # Fri 3, (Easter Monday 6) Tue 7, Wed 8
    assert add_working_days(date(2026, 12, 22), 3) == date(2026, 12, 29)  # 23, 28, 29
    assert add_working_days(date(2026, 12, 7), 3) == date(2026, 12, 10)
