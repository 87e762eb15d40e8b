"""The outbox's admin list: coordinators see what was sent, what waits and what failed, and send a
failed message again; the list filters by state and kind and searches by recipient."""

import pytest
from django.core import mail

from home.models import OutgoingEmail
from home.viewsets import OutgoingEmailAdmin

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages(home_page):
    from django.contrib.contenttypes.models import ContentType

    from tests.factories import make_volunteer

    volunteer = make_volunteer(email="zuza@example.org")
    about = {"content_type": ContentType.objects.get_for_model(volunteer), "object_id": volunteer.pk}
    failed = OutgoingEmail.objects.create(
        kind="people.welcome", to="zuza@example.org", attempts=3, last_error="SMTPConnectError", **about
    )
    waiting = OutgoingEmail.objects.create(kind="people.welcome", to="inna@example.org", **about)
    return failed, waiting


def test_coordinators_filter_search_and_send_a_failed_message_again(
    client, coordinator_user, messages, django_capture_on_commit_callbacks
):
    failed, waiting = messages
    urls = OutgoingEmailAdmin().url_helper
    client.force_login(coordinator_user)
    listing = client.get(urls.index_url, {"state": "failed"}).content.decode()
    assert "zuza@example.org" in listing and "inna@example.org" not in listing
    assert "Wyślij ponownie" in listing
    found = client.get(urls.index_url, {"q": "inna@"}).content.decode()
    assert "inna@example.org" in found and "zuza@example.org" not in found

    resend = urls.get_action_url("resend", failed.pk)
    assert client.get(resend).status_code == 200  # a confirmation page; only the POST acts
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.last_error == ""
    assert [m.to for m in mail.outbox] == [["zuza@example.org"]]
    # Only a failed, unsent message can be sent again (the admin refuses with a redirect).
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(urls.get_action_url("resend", waiting.pk))["Location"] == "/admin/"
        assert client.post(resend)["Location"] == "/admin/"
    assert len(mail.outbox) == 1


def test_editors_cannot_open_the_outbox(client, editor_user, messages):
    client.force_login(editor_user)
    response = client.get(OutgoingEmailAdmin().url_helper.index_url)
    assert response.status_code == 302 and "zuza@example.org" not in response.content.decode()
