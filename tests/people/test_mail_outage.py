"""A mail-server outage loses no registration, and every e-mail goes out exactly once after recovery.

Uses a real SMTP server (aiosmtpd) on 127.0.0.1: stopped while people register,
started again, then the outbox is delivered (twice, to show nothing is sent twice).
"""

import socket
from collections import Counter
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from tests.people.conftest import registration
from volunteers.people.emails import send_pending_emails
from volunteers.people.models import OutboxEmail, Volunteer

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


def test_registrations_survive_an_outage_and_mail_goes_out_once(api_post, commit, smtp):
    smtp.start()
    for n in range(3):
        assert commit(api_post, "volunteers/", registration(email=f"przed{n}@example.org")).status_code == 202
    assert len(smtp.inbox.messages) == 3

    smtp.stop()
    during = [f"awaria{n}@example.org" for n in range(12)]
    for address in during:
        response = commit(api_post, "volunteers/", registration(email=address))
        assert response.status_code == 202  # the person sees success; nothing is lost
    assert Volunteer.objects.filter(email__in=during).count() == 12
    pending = OutboxEmail.objects.filter(sent_at__isnull=True)
    assert pending.count() == 12
    assert all(e.attempts == 1 and e.last_error for e in pending)
    assert send_pending_emails() == 0  # still down: retried, kept

    smtp.start()
    assert send_pending_emails() == 12
    assert send_pending_emails() == 0  # a second run sends nothing again
    received = smtp.inbox.recipients()
    assert received == Counter(dict.fromkeys([f"przed{n}@example.org" for n in range(3)] + during, 1))
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()
    assert OutboxEmail.objects.filter(context={}).count() == 15  # one-time links not kept after sending
    _, message = smtp.inbox.messages[-1]
    assert message["Subject"] == "Potwierdź zapis do bazy wolontariuszy CAS"
    assert "/wolontariat/potwierdz/?token=" in message.get_body().get_content()


def test_failed_delivery_is_rescheduled_with_back_off_when_the_backend_can_defer(settings, smtp):
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    from volunteers.people.tasks import deliver_email, retry_delay

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email = OutboxEmail.objects.create(
        template="welcome", to="a@example.org", context={"first_name": "A", "link": "/"}
    )
    deliver_email.call(email.pk)  # the server was never started: refused
    [retry] = DBTaskResult.objects.all()
    assert retry.args_kwargs["args"] == [email.pk]
    assert retry.run_after is not None
    assert retry_delay(1) == timedelta(minutes=1) and retry_delay(20) == timedelta(hours=1)
