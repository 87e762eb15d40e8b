"""iCalendar (RFC 5545) feeds of workshop sessions (the calendar itself is built by ``home.ics``)."""

from home import ics
from home.ics import WARSAW, absolute

__all__ = ["PRODID", "WARSAW", "absolute", "build_calendar", "session_event", "session_uid"]

PRODID = "-//Centrum Aktywności Społecznej Sosnowiec//Warsztaty//PL"


def session_uid(session) -> str:
    """Stable across edits and feeds, so calendars update an entry instead of duplicating it."""
    return ics.uid("warsztaty-termin", session.pk)


def session_event(session, default_place=""):
    page = session.page
    return ics.event(
        uid=session_uid(session),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=page.title,
        description=page.intro or "",
        location=session.get_place(default_place) or "",
        url=page.get_full_url() or "",
        status="CANCELLED" if session.cancelled else "CONFIRMED",
    )


def build_calendar(sessions, *, name="", default_place="") -> bytes:
    return ics.calendar([session_event(s, default_place) for s in sessions], prodid=PRODID, name=name)
