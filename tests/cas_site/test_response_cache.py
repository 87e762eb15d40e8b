"""The shared response cache: repeat anonymous reads cost no SQL, and no change is ever hidden."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from campaigns.models import CampaignIndexPage, CampaignPage
from campaigns.workshops import services as workshop_services
from home.models import CentreSettings, StandardPage


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(captured.captured_queries)


@pytest.fixture
def campaign(home_page):
    index = CampaignIndexPage(title="Kampanie", slug="kampanie")
    home_page.add_child(instance=index)
    page = CampaignPage(title="Bezpieczny internet", slug="bezpieczny-internet", audiences=["klasy-4-8"])
    index.add_child(instance=page)
    return page


@pytest.mark.parametrize("url", ["/", "/kampanie/", "/api/v3/campaigns/", "/api/v3/settings/"])
def test_repeat_anonymous_read_is_served_without_sql(client, campaign, url):
    client.get(url)  # the first visit also creates the centre's settings row
    cache.clear()
    first, cold = queries(client, url)
    again, warm = queries(client, url)
    assert cold > 0
    assert warm == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again.get("Cache-Control") == first.get("Cache-Control")


def test_publishing_and_unpublishing_a_page_show_at_once(
    client, campaign, django_capture_on_commit_callbacks
):
    assert "Bezpieczny internet" in client.get("/kampanie/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        campaign.title = "Bezpieczny internet 2.0"
        campaign.save_revision().publish()
    assert "Bezpieczny internet 2.0" in client.get("/kampanie/").content.decode()
    assert "Bezpieczny internet 2.0" in client.get("/api/v3/campaigns/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        campaign.unpublish()
    assert "Bezpieczny internet" not in client.get("/kampanie/").content.decode()
    assert client.get("/api/v3/campaigns/").json()["count"] == 0


def test_a_new_menu_page_and_its_deletion_show_at_once(client, home_page):
    client.get("/")
    assert "O nas" not in client.get("/").content.decode()
    page = StandardPage(title="O nas", slug="o-nas", show_in_menus=True)
    home_page.add_child(instance=page)
    assert "O nas" in client.get("/").content.decode()
    Page.objects.get(pk=page.pk).delete()
    assert "O nas" not in client.get("/").content.decode()


def test_settings_change_shows_at_once(client, home_page):
    client.get("/api/v3/settings/")
    assert client.get("/api/v3/settings/").json()["phone"] == ""
    centre = CentreSettings.for_site(home_page.get_site())
    centre.phone = "+48 32 000 00 00"
    centre.save()
    assert client.get("/api/v3/settings/").json()["phone"] == "+48 32 000 00 00"
    assert "+48 32 000 00 00" in client.get("/").content.decode()


def test_a_booking_shows_in_the_seats_left_at_once(client, workshop_session):
    def seats_left():
        return client.get("/api/v3/workshops/").json()["items"][0]["seats_left"]

    assert seats_left() == 5
    assert seats_left() == 5  # now from the cache
    workshop_services.book_seat(
        workshop_session.pk, name="Ala", email="ala@example.org", birth_year=1995, terms=True
    )
    assert seats_left() == 4


def test_query_parameters_are_part_of_the_key(client, campaign):
    assert client.get("/api/v3/campaigns/").json()["count"] == 1
    assert client.get("/api/v3/campaigns/", {"audience": "rodzice"}).json()["count"] == 0
    assert client.get("/api/v3/campaigns/").json()["count"] == 1


def test_api_languages_do_not_mix(client, campaign):
    bodies = {}
    for language in ["pl", "en", "uk", "pl", "en", "uk"]:
        response = client.get("/api/v3/campaigns/", HTTP_ACCEPT_LANGUAGE=language)
        assert response["Content-Language"] == language
        audience = response.json()["items"][0]["audiences"][0]["name"]
        assert bodies.setdefault(language, audience) == audience
    assert len(set(bodies.values())) == 3, bodies


def test_signed_in_editor_never_gets_the_anonymous_copy(client, home_page, admin_user):
    anonymous = client.get("/").content.decode()
    client.get("/")
    client.force_login(admin_user)
    signed_in, count = queries(client, "/")
    assert count > 0
    assert "wagtail-userbar" in signed_in.content.decode()
    assert "wagtail-userbar" not in anonymous


def test_pages_with_a_form_are_never_stored(client, workshop_session):
    url = workshop_session.page.url
    client.get(url)
    response, count = queries(client, url)
    assert count > 0
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "csrftoken" in response.cookies  # each visitor gets the token that matches their cookie


def test_post_is_never_answered_from_the_cache(client, campaign):
    client.get("/api/v3/campaigns/")
    client.get("/api/v3/campaigns/")
    response = client.post("/api/v3/campaigns/", {}, content_type="application/json")
    assert response.status_code == 405


def test_personal_pages_are_never_stored(client, workshop_session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workshop_services.book_seat(
            workshop_session.pk, name="Ala", email="ala@example.org", birth_year=1995, terms=True
        )
    token = re.search(r"/warsztaty/rezygnacja/\?token=([A-Za-z0-9_-]+)", mail.outbox[0].body).group(1)
    client.get("/warsztaty/rezygnacja/", {"token": token})
    response, count = queries(client, "/warsztaty/rezygnacja/", data={"token": token})
    assert "no-store" in response["Cache-Control"]
    assert count > 0
    assert "Warsztat z pierwszej pomocy" in response.content.decode()


def test_sending_and_retrying_e_mails_and_using_links_leave_the_cache_alone(client, campaign, settings):
    """Sending an e-mail (queue, fail, retry, deliver) and issuing or using an e-mailed link write
    rows that no public page shows: the content generation stays, cached reads stay warm."""
    from campaigns.models import SchoolRequest
    from cas_site import response_cache
    from home import links, outbox
    from initiatives.choices import LinkPurpose

    school_request = SchoolRequest.objects.create(
        reference="CAS-2026-0999",
        school_name="SP 7",
        contact_name="Anna",
        email="anna@example.org",
        pupils=20,
    )
    client.get("/kampanie/")  # the first visit also creates the centre's settings row
    client.get("/kampanie/")
    generation = response_cache.generation()
    _, warm = queries(client, "/kampanie/")
    assert warm == 0

    settings.EMAIL_BACKEND = "tests.cas_site.test_response_cache.FailingBackend"
    email = outbox.queue("campaigns.school_request_confirmation", "anna@example.org", about=school_request)
    assert not outbox.deliver(email.pk)  # fails: attempts, error and next attempt saved
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_pending() == (1, 0)
    raw = links.issue(school_request, LinkPurpose.GUARDIAN)
    links.consume(raw, LinkPurpose.GUARDIAN)

    assert response_cache.generation() == generation
    _, warm = queries(client, "/kampanie/")
    assert warm == 0
    assert len(mail.outbox) == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")
