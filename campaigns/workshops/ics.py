"""iCalendar (RFC 5545) feeds of workshop sessions, in Europe/Warsaw with a VTIMEZONE."""

from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

WARSAW = ZoneInfo("Europe/Warsaw")
PRODID = "-//Centrum Aktywności Społecznej Sosnowiec//Warsztaty//PL"


def session_uid(session) -> str:
    """Stable across edits and feeds, so calendars update an entry instead of duplicating it."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "cas.example.org"
    return f"warsztaty-termin-{session.pk}@{host}"


def absolute(url: str) -> str:
    if url.startswith("http"):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def session_event(session, default_place="") -> Event:
    page = session.page
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(WARSAW))
    event.add("dtend", session.ends_at.astimezone(WARSAW))
    event.add("summary", page.title)
    if page.intro:
        event.add("description", page.intro)
    place = session.get_place(default_place)
    if place:
        event.add("location", place)
    page_url = page.get_full_url()
    if page_url:
        event.add("url", absolute(page_url))
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    return event


def build_calendar(sessions, *, name="", default_place="") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    starts = []
    for session in sessions:
        calendar.add_component(session_event(session, default_place))
        starts.append(session.starts_at.date())
    # A VTIMEZONE covering the events (not the whole 1970–2038 history) keeps the file small.
    first = min(starts, default=timezone.localdate()) - timedelta(days=366)
    last = max(starts, default=timezone.localdate()) + timedelta(days=366)
    calendar.add_missing_timezones(first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1))
    return calendar.to_ical()
