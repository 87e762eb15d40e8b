"""Fixtures for the workshop tests: bookings made through the services, their e-mails sent.

``workshop_index`` and ``make_session`` are in tests/conftest.py; factories in tests/factories.py.
"""

import pytest

from campaigns.workshops import services
from tests.factories import confirm_token


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
