"""A mail-server outage loses no sign-up or booking; every e-mail goes out exactly once after recovery.

Uses a real SMTP server (aiosmtpd) on 127.0.0.1: stopped while 500 people register
and book, started again, then the outboxes are delivered (twice, to show nothing is
sent twice).
"""

import socket
from collections import Counter
from email import message_from_bytes
from email.policy import default as default_policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking
from home.models import EmailLink, OutgoingEmail
from tests.factories import TOKEN_RE, registration
from volunteers.people.models import Volunteer

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler that keeps every delivered message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default_policy))
        )
        return "250 OK"

    def recipients(self):
        return Counter(rcpt for rcpts, _ in self.messages for rcpt in rcpts)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 3
    inbox = Inbox()
    state = {"controller": None}

    class Server:
        def start(self):
            state["controller"] = Controller(inbox, hostname="127.0.0.1", port=port)
            state["controller"].start()

        def stop(self):
            state["controller"].stop()
            state["controller"] = None

    server = Server()
    server.inbox = inbox
    yield server
    if state["controller"]:
        state["controller"].stop()


REGISTRATIONS = 300
BOOKINGS = 200


def test_500_arrivals_during_an_outage_are_all_kept_and_each_mailed_exactly_once(
    settings,
    api_post,
    commit,
    smtp,
    make_session,
):
    """300 volunteer sign-ups and 200 workshop bookings arrive while the mail server is down."""
    settings.CAS_BOOKING_UNCONFIRMED_PER_CLIENT = 0  # every person comes through the one test client
    sessions = [make_session(capacity=80), make_session(capacity=80)]  # 160 seats: 40 people queue
    smtp.start()
    assert commit(api_post, "volunteers/", registration(email="przed@example.org")).status_code == 202
    assert smtp.inbox.recipients() == Counter({"przed@example.org": 1})

    smtp.stop()
    people = [f"wolontariusz{n}@example.org" for n in range(REGISTRATIONS)]
    bookers = [f"uczestnik{n}@example.org" for n in range(BOOKINGS)]
    arrivals = [("volunteers/", registration(email=address)) for address in people] + [
        (
            "bookings/",
            {
                "session": sessions[n % 2].pk,
                "name": f"Uczestnik {n}",
                "email": address,
                "birth_year": 1990,
                "consents": {"terms": True},
            },
        )
        for n, address in enumerate(bookers)
    ]
    for path, data in arrivals[::2] + arrivals[1::2]:  # interleaved, as they would arrive
        response = commit(api_post, path, data)
        assert response.status_code in (201, 202), response.content  # success for every person
    assert Volunteer.objects.filter(email__in=people).count() == REGISTRATIONS
    assert Booking.objects.filter(email__in=bookers).count() == BOOKINGS
    assert Booking.objects.filter(status=BookingStatus.WAITING_LIST).count() == 40
    assert smtp.inbox.recipients() == Counter({"przed@example.org": 1})  # nothing got through
    unsent_registry = OutgoingEmail.objects.filter(sent_at__isnull=True, kind__startswith="people.")
    unsent_bookings = OutgoingEmail.objects.filter(sent_at__isnull=True, kind__startswith="workshops.")
    assert unsent_registry.count() == REGISTRATIONS and unsent_bookings.count() == BOOKINGS
    assert all(e.attempts == 1 and e.last_error for e in [*unsent_registry, *unsent_bookings])
    assert EmailLink.objects.count() == 1  # the link that went out before; failed attempts kept none
    out = StringIO()
    call_command("send_pending_emails", stdout=out)  # cron during the outage: still down, all kept
    assert out.getvalue().strip() == f"Wysłano: 0, nadal w kolejce: {REGISTRATIONS + BOOKINGS}"

    smtp.start()
    out = StringIO()
    call_command("send_pending_emails", stdout=out)
    assert out.getvalue().strip() == f"Wysłano: {REGISTRATIONS + BOOKINGS}, nadal w kolejce: 0"
    call_command("send_pending_emails", stdout=StringIO())  # a second run sends nothing again

    assert smtp.inbox.recipients() == Counter(dict.fromkeys(["przed@example.org", *people, *bookers], 1))
    message_ids = Counter(message["Message-ID"] for _, message in smtp.inbox.messages)
    assert len(message_ids) == 1 + REGISTRATIONS + BOOKINGS and set(message_ids.values()) == {1}
    confirmations = OutgoingEmail.objects.filter(kind="people.confirm_email", sent_at__isnull=False)
    assert confirmations.count() == 1 + REGISTRATIONS and not confirmations.exclude(context={})
    subjects = Counter(str(message["Subject"]) for _, message in smtp.inbox.messages)
    assert subjects["Potwierdź zapis do bazy wolontariuszy CAS"] == 1 + REGISTRATIONS
    by_recipient = {rcpts[0]: message for rcpts, message in smtp.inbox.messages}
    assert "/wolontariat/potwierdz/?token=" in by_recipient[people[-1]].get_body().get_content()
    # The booking e-mails made after the outage carry working links: cancel one.
    text = by_recipient[bookers[0]].get_body(preferencelist=("plain",)).get_content()
    token = TOKEN_RE.search(text.split("/warsztaty/rezygnacja/")[1]).group(1)
    assert commit(api_post, "bookings/cancel", {"token": token}).status_code == 200


def test_failed_delivery_is_rescheduled_with_back_off_when_the_backend_can_defer(settings, smtp):
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    from cas_site.jobs import retry_delay
    from home.tasks import deliver_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email = OutgoingEmail.objects.create(kind="people.application_received", to="a@example.org")
    deliver_email.call(email.pk)  # the server was never started: refused
    [retry] = DBTaskResult.objects.all()
    assert retry.args_kwargs["args"] == [email.pk]
    assert retry.run_after is not None
    email.refresh_from_db()
    assert email.attempts == 1 and retry.run_after == email.next_attempt_at  # backed off
    assert retry_delay(1) == timedelta(minutes=1) and retry_delay(20) == timedelta(hours=1)
