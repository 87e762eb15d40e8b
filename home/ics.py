"""iCalendar (RFC 5545) files of the site: one way to build an event and a calendar, in
Europe/Warsaw with a VTIMEZONE, for every app that publishes dated things (workshop sessions,
room bookings, open meetings). Each app's ``ics.py`` maps its own records onto ``event``.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

WARSAW = ZoneInfo("Europe/Warsaw")


def site_host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "cas.example.org"


def uid(kind: str, pk) -> str:
    """Stable across edits and feeds, so calendars update an entry instead of duplicating it."""
    return f"{kind}-{pk}@{site_host()}"


def absolute(url: str) -> str:
    if url.startswith("http"):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def event(*, uid, starts_at, ends_at, summary, description="", location="", url="", status="CONFIRMED"):
    """One VEVENT; ``status`` is CONFIRMED, TENTATIVE or CANCELLED."""
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", starts_at.astimezone(WARSAW))
    item.add("dtend", ends_at.astimezone(WARSAW))
    item.add("summary", summary)
    if description:
        item.add("description", description)
    if location:
        item.add("location", location)
    if url:
        item.add("url", absolute(url))
    item.add("status", status)
    return item


def calendar(events, *, prodid, name="") -> bytes:
    """A calendar of ``events`` (VEVENTs) as bytes, with the time zone they need."""
    result = Calendar()
    result.add("prodid", prodid)
    result.add("version", "2.0")
    result.add("calscale", "GREGORIAN")
    result.add("method", "PUBLISH")
    if name:
        result.add("x-wr-calname", name)
    result.add("x-wr-timezone", "Europe/Warsaw")
    starts = []
    for item in events:
        result.add_component(item)
        starts.append(item.decoded("dtstart").date())
    # A VTIMEZONE covering the events (not the whole 1970–2038 history) keeps the file small.
    first = min(starts, default=timezone.localdate()) - timedelta(days=366)
    last = max(starts, default=timezone.localdate()) + timedelta(days=366)
    result.add_missing_timezones(first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1))
    return result.to_ical()
