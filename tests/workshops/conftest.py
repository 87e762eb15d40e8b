"""Small factories for workshop tests: the index page, a workshop with one session, bookings."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.workshops import services
from campaigns.workshops.models import WorkshopIndexPage, WorkshopPage, WorkshopSession


@pytest.fixture
def workshop_index(home_page):
    index = WorkshopIndexPage(title="Warsztaty", slug="warsztaty", intro="Warsztaty i szkolenia CAS.")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def make_session(workshop_index):
    """``make_session(capacity=3, min_age=13)`` → a live workshop page with one session."""
    counter = {"n": 0}

    def make(
        capacity=5,
        *,
        starts_in=timedelta(days=7),
        min_age=None,
        max_age=None,
        waiting_list=True,
        audiences=("dorosli",),
        topic="aktywnosc-obywatelska",
        page=None,
        **fields,
    ):
        counter["n"] += 1
        if page is None:
            page = WorkshopPage(
                title=f"Warsztat {counter['n']}",
                slug=f"warsztat-{counter['n']}",
                intro="Krótki opis warsztatu.",
                min_age=min_age,
                max_age=max_age,
                audiences=list(audiences),
                topic=topic,
            )
            workshop_index.add_child(instance=page)
        starts_at = (timezone.now() + starts_in).replace(microsecond=0)
        return WorkshopSession.objects.create(
            page=page,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            capacity=capacity,
            waiting_list_enabled=waiting_list,
            **fields,
        )

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` — run what was enqueued on commit (tests never really commit)."""

    def context():
        return django_capture_on_commit_callbacks(execute=True)

    return context


@pytest.fixture
def book(committed):
    """``book(session, "ala@example.org")`` with sensible adult defaults; its e-mails are sent and,
    unless ``confirm=False``, the booker confirms the address with the e-mailed link."""

    def _book(
        session, email="ala@example.org", *, birth_year=1995, name="Ala Testowa", confirm=True, **kwargs
    ):
        kwargs.setdefault("terms", True)
        with committed():
            result = services.book_seat(session.pk, name=name, email=email, birth_year=birth_year, **kwargs)
        if confirm:
            with committed():
                services.confirm_email(confirm_token(email))
            result.booking.refresh_from_db()
            result.position = result.booking.waiting_position()
        return result

    return _book


def confirm_token(email):
    """The token of the latest e-mail-confirmation link sent to ``email``."""
    from django.core import mail

    message = [
        m for m in mail.outbox if m.to == [email.strip().lower()] and "/warsztaty/potwierdz-zapis/" in m.body
    ][-1]
    return link_token(message, "/warsztaty/potwierdz-zapis/")


@pytest.fixture
def svc(committed):
    """``svc.cancel_booking(token)``: a service call whose on-commit jobs (e-mails) then run."""

    class Committing:
        def __getattr__(self, name):
            function = getattr(services, name)

            def call(*args, **kwargs):
                with committed():
                    return function(*args, **kwargs)

            return call

    return Committing()


TOKEN_RE = re.compile(r"token=([A-Za-z0-9_-]+)")


def link_token(message, path):
    """The token of the link to ``path`` in an e-mail body."""
    for line in message.body.splitlines():
        if path in line:
            match = TOKEN_RE.search(line)
            if match:
                return match.group(1)
    raise AssertionError(f"no {path} link in: {message.body}")
