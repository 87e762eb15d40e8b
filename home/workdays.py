"""Working days in Poland: Monday to Friday, except statutory public holidays.

The holidays come from the ``holidays`` library (its ``PL`` calendar follows the Act of
18 January 1951 on non-working days as amended, including Christmas Eve from 2025):
New Year, Epiphany, Easter Sunday and Monday, 1 and 3 May, Pentecost Sunday, Corpus
Christi, 15 August, 1 and 11 November, 24, 25 and 26 December. Easter-based dates move
every year, so a fixed list would be wrong within a year; the library computes them.

A helper outside the layer order (it imports no app).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("PL", years=year, language="pl"))


def public_holiday(day: date) -> str | None:
    """The Polish name of the public holiday on ``day``, or None."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and public_holiday(day) is None


def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day`` (``day`` itself never counts)."""
    counted = 0
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
