"""Every route — site, API, admin login — answers with the security headers."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.models import Page

from home.models import StandardPage

pytestmark = pytest.mark.django_db

REQUIRED_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "script-src 'self'",
]


def static_routes(patterns=None, prefix=""):
    """Paths of every URL pattern that needs no arguments (the rest are reached via pages)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = str(pattern.pattern)
        parameterised = "<" in route or "(?P" in route or route.startswith("^")
        if parameterised and not (isinstance(pattern, URLResolver) and route in {"^", ""}):
            continue
        if isinstance(pattern, URLResolver):
            nested_prefix = prefix + ("" if route in {"^", ""} else route)
            if nested_prefix.startswith(("admin/", "documents/")):
                continue  # the admin is covered by its login page below
            yield from static_routes(pattern.url_patterns, nested_prefix)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route.lstrip("^").rstrip("$")


def site_urls():
    urls = {path for path in static_routes() if "i18n/" not in path}
    urls.update(page.url for page in Page.objects.live().specific() if page.url)
    return sorted(urls)


def assert_common_headers(response, url):
    assert response["X-Content-Type-Options"] == "nosniff", url
    # Pages reached through e-mailed token links may be stricter still (no-referrer).
    allowed = {"strict-origin-when-cross-origin", "same-origin", "no-referrer"}
    assert response["Referrer-Policy"] in allowed, url
    assert "camera=()" in response["Permissions-Policy"], url


def test_every_site_and_api_route_sends_security_headers(client, home_page):
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt"))
    urls = site_urls()
    assert "/" in urls and "/kontakt/" in urls and "/api/v3/settings/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_common_headers(response, url)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not url.startswith("/api/v3/docs"):
            csp = response["Content-Security-Policy"]
            for directive in REQUIRED_CSP:
                assert directive in csp, (url, directive)
            assert response["X-Frame-Options"] == "DENY", url


def test_site_pages_carry_no_inline_script_or_style(client, home_page):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_admin_login_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert_common_headers(response, "/admin/login/")


def test_public_api_reads_are_cacheable(client):
    response = client.get("/api/v3/districts/")
    assert "public" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


# --- Responses carrying personal data are never stored by any cache ----------------------------

#: Website routes whose every answer may carry personal data (self-service, links from e-mails, forms).
PRIVATE_PREFIXES = (
    "/wolontariat/dolacz/",
    "/wolontariat/potwierdz/",
    "/wolontariat/zgoda-opiekuna/",
    "/wolontariat/moje-dane/",
    "/warsztaty/rezygnacja/",
    "/warsztaty/zgoda-opiekuna/",
    "/zglos-pomysl/",
    "/sale/potwierdz/",
    "/sale/odwolaj/",
    "/sale/rezerwacja.ics",
    "/api/v3/volunteers/",
    "/api/v3/bookings/",
    "/api/v3/ideas/",
    "/api/v3/school-requests/",
)


#: Under those prefixes but the same for everyone.
SAME_FOR_EVERYONE = {"/wolontariat/dolacz/wyslano/"}


def assert_not_stored(response, what):
    assert response.status_code < 500, what
    assert "no-store" in response.get("Cache-Control", ""), (what, response.get("Cache-Control"))


def test_every_private_route_in_the_walk_is_never_stored(client, home_page):
    urls = set(site_urls()) - SAME_FOR_EVERYONE
    private = sorted(url for url in urls if url.startswith(PRIVATE_PREFIXES))
    assert "/wolontariat/moje-dane/eksport/" in private and "/zglos-pomysl/" in private
    for url in private:
        response = client.get(url)
        if response.status_code not in (401, 405):  # nothing personal without a login or via GET
            assert_not_stored(response, url)


def _room_booking():
    """A room request waiting for its e-mail confirmation."""
    from initiatives.rooms.services import request_booking
    from tests.factories import at, make_house_rules, make_room, next_weekday, room_request

    day = next_weekday(1, after_days=8)
    values = room_request(make_room(), make_house_rules(), at(day, 17), at(day, 19))
    return request_booking(**values).bookings[0]


def _personal_data(request):
    """A volunteer, a workshop booking with its links, an idea with a guardian link, a school request."""
    from campaigns.services import submit_school_request
    from campaigns.workshops import services as workshops
    from campaigns.workshops.choices import LinkPurpose as BookingLink
    from home.links import issue
    from initiatives.choices import LinkPurpose as IdeaLink
    from initiatives.rooms.choices import LinkPurpose as RoomLink
    from initiatives.services import IdeaData, submit_idea
    from tests.factories import make_volunteer, self_service_token
    from volunteers.people.choices import LinkPurpose, VolunteerStatus

    session = request.getfixturevalue("make_session")(capacity=1)
    minor_year = session.starts_at.year - 14
    adult = workshops.book_seat(session.pk, name="Ala", email="ala@example.org", birth_year=1990, terms=True)
    minor = workshops.book_seat(
        session.pk,
        name="Ola",
        email="ola@example.org",
        birth_year=minor_year,
        guardian_email="mama@example.org",
        terms=True,
    )
    pending = make_volunteer(age=15, status=VolunteerStatus.PENDING_GUARDIAN)
    submission = submit_idea(
        IdeaData(
            group_name="Kolorowy Sielec",
            leader_name="Ola",
            email="ola.idea@example.org",
            birth_year=timezone.localdate().year - 15,
            guardian_email="opiekun@example.org",
            members_count=4,
            title="Murale",
            description="Pomalujemy przejście podziemne razem z mieszkańcami.",
            district="sielec",
            needs=["materialy"],
            terms_accepted=True,
        )
    )
    unconfirmed = make_volunteer(status=VolunteerStatus.PENDING_CONFIRMATION)
    room_booking = _room_booking()
    school = {"school_name": "SP 7", "contact_name": "Anna", "email": "anna@example.org"}
    return {
        "volunteer": make_volunteer(),
        "self_service_token": self_service_token,
        "confirm_token": issue(unconfirmed, LinkPurpose.CONFIRM_EMAIL),
        "volunteer_guardian_token": issue(pending, LinkPurpose.GUARDIAN_CONSENT),
        "cancel_token": issue(adult.booking, BookingLink.CANCEL, expires_at=session.starts_at),
        "booking_guardian_token": issue(minor.booking, BookingLink.GUARDIAN, expires_at=session.starts_at),
        "idea_guardian_token": issue(submission, IdeaLink.GUARDIAN),
        "room_confirm_token": issue(room_booking, RoomLink.EMAIL, expires_at=room_booking.hold_expires_at),
        "room_cancel_token": issue(room_booking, RoomLink.CANCEL, expires_at=room_booking.ends_at),
        "booking": adult.booking,
        "idea": submission,
        "school_request": submit_school_request(
            {**school, "class_level": "klasy-4-8", "pupils": 20, "consent": True}
        ),
    }


def test_every_response_with_personal_data_is_never_stored(client, request, admin_user):
    data = _personal_data(request)
    volunteer = data["volunteer"]
    from tests.factories import make_opportunity

    opportunity = make_opportunity()
    token = data["self_service_token"](volunteer)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    responses = {
        # Links from e-mails (the pages show whose data it is).
        "e-mail confirmation page": client.get(f"/wolontariat/potwierdz/?token={data['confirm_token']}"),
        "guardian consent page": client.get(
            f"/wolontariat/zgoda-opiekuna/?token={data['volunteer_guardian_token']}"
        ),
        "self-service link page": client.get(f"/wolontariat/moje-dane/?token={token}"),
        "booking cancel page": client.get(f"/warsztaty/rezygnacja/?token={data['cancel_token']}"),
        "booking guardian page": client.get(
            f"/warsztaty/zgoda-opiekuna/?token={data['booking_guardian_token']}"
        ),
        "idea guardian page": client.get(
            f"/zglos-pomysl/zgoda-opiekuna/?token={data['idea_guardian_token']}"
        ),
        "room request confirmation page": client.get(f"/sale/potwierdz/?token={data['room_confirm_token']}"),
        "room booking page": client.get(f"/sale/odwolaj/?token={data['room_cancel_token']}"),
        "room booking .ics": client.get(f"/sale/rezerwacja.ics?token={data['room_cancel_token']}"),
        # The API's self-service.
        "API: my data": client.get("/api/v3/volunteers/me", **bearer),
        "API: my export": client.get("/api/v3/volunteers/me/export", **bearer),
        "API: my matches": client.get("/api/v3/volunteers/me/matches", **bearer),
        "API: correct my data": client.patch(
            "/api/v3/volunteers/me", data={"about": "Góry"}, content_type="application/json", **bearer
        ),
        "API: apply": client.post(
            "/api/v3/volunteers/me/applications",
            data={"opportunity": opportunity.pk, "message": "Chętnie."},
            content_type="application/json",
            **bearer,
        ),
    }
    # The website's self-service, after opening the e-mailed link.
    client.post("/wolontariat/moje-dane/", {"action": "open", "token": token})
    for name, path in {
        "my data": "/wolontariat/moje-dane/",
        "correct my data": "/wolontariat/moje-dane/popraw/",
        "export my data": "/wolontariat/moje-dane/eksport/",
        "delete my data": "/wolontariat/moje-dane/usun/",
        "apply": f"/wolontariat/moje-dane/aplikuj/{opportunity.pk}/",
    }.items():
        responses[name] = client.get(path)
    assert volunteer.email in responses["export my data"].content.decode()
    # The admin registers of personal data.
    client.force_login(admin_user)
    for name, path in {
        "admin: volunteers": "/admin/people/volunteer/",
        "admin: volunteer": f"/admin/people/volunteer/inspect/{volunteer.pk}/",
        "admin: volunteers CSV": "/admin/people/volunteer/?export=csv",
        "admin: bookings": "/admin/workshops/booking/",
        "admin: booking": f"/admin/workshops/booking/inspect/{data['booking'].pk}/",
        "admin: bookings CSV": "/admin/workshops/booking/?export=csv",
        "admin: ideas": "/admin/initiatives/ideasubmission/",
        "admin: idea": f"/admin/initiatives/ideasubmission/inspect/{data['idea'].pk}/",
        "admin: school requests": "/admin/campaigns/schoolrequest/",
        "admin: school request": f"/admin/campaigns/schoolrequest/inspect/{data['school_request'].pk}/",
    }.items():
        responses[name] = client.get(path)
    for name, response in responses.items():
        assert response.status_code in (200, 201), (name, response.status_code)
        assert_not_stored(response, name)


def test_forms_sent_back_with_errors_are_never_stored(client, make_session, campaign_index):
    """A form shown again after an error repeats what the person typed: name, e-mail, year of birth."""
    from tests.campaigns.test_school_requests import form_data as school_form
    from tests.factories import make_campaign, make_house_rules, make_room, next_weekday, room_form
    from tests.initiatives.test_website import form_data as idea_form
    from tests.volunteers.people.test_website import form_data as join_form

    session = make_session()
    campaign = make_campaign(campaign_index)
    room, rules = make_room(), make_house_rules()
    room_request = room_form(
        rules, next_weekday(1, after_days=8), contact_email="ala@example.org", house_rules=""
    )
    booking = {
        "session": session.pk,
        "name": "Ala Kowalska",
        "email": "ala@example.org",
        "birth_year": "1990",
    }
    responses = {
        "booking form": client.post(session.page.url, {**booking, "website": ""}),  # terms not accepted
        "school request form": client.post(campaign.url, school_form(consent="", pupils="")),
        "volunteer sign-up form": client.post("/wolontariat/dolacz/", join_form(terms="")),
        "idea form": client.post("/zglos-pomysl/", idea_form(terms="")),
        "room request form": client.post(f"/sale/{room.slug}/rezerwuj/", room_request),  # rules not accepted
    }
    for name, response in responses.items():
        assert response.status_code in (200, 422), (name, response.status_code)
        assert "example.org" in response.content.decode(), name  # the typed e-mail is on the page
        assert_not_stored(response, name)
