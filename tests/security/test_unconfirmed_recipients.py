"""E-mails to addresses nobody confirmed carry no text typed by the anonymous sender.

Class: a public form turned into a mail relay (anyone types a victim's address and a
phishing text; CAS's server delivers it). Guard: every flow that writes to a typed-in
address (school request, bookings and their follow-ups, idea submissions, volunteer
sign-up, guardians) runs with hostile text in every free-text field, and no message
to anyone but CAS's staff address contains it; every e-mail template must be rendered
by these flows or be listed below with the reason its recipient is confirmed or staff.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test.signals import template_rendered
from django.utils import timezone

from campaigns.workshops import services as workshops
from campaigns.workshops.choices import LinkPurpose
from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from home import links
from initiatives import services as initiatives
from initiatives.models import IdeaSubmission
from tests.factories import idea_payload, registration, token_from

pytestmark = pytest.mark.django_db

LINK = "http://evil.example/"
HOSTILE = f"Kliknij tutaj {LINK}"
MARKERS = ("evil.example", "Kliknij tutaj")

#: Templates never sent to an unconfirmed address, and why.
CONFIRMED_OR_STAFF = {
    "campaigns/emails/school_request_notification": "to CAS_STAFF_EMAIL",
    "initiatives/emails/staff_new_submission": "to CAS_STAFF_EMAIL",
    "volunteers/people/emails/welcome": "after the address was confirmed",
    "volunteers/people/emails/access_link": "only to confirmed volunteers (others get a new confirmation)",
    "volunteers/people/emails/already_registered": "only to confirmed volunteers",
    "volunteers/people/emails/application_received": "to a vetted organisation, about a confirmed volunteer",
    "volunteers/partners/emails/invitation": (
        "sent by a coordinator or by a signed-in manager (second factor) of a verified organisation; it "
        "names only the organisation as CAS's directory has it, after a coordinator checked it"
    ),
    "volunteers/partners/emails/password_reset": "only to partner accounts (they accepted an invitation)",
    "volunteers/emails/change_submitted": "to CAS_STAFF_EMAIL",
    "volunteers/emails/change_approved": "to the signed-in account that made the change; CAS's comment",
    "volunteers/emails/change_refused": "to the signed-in account that made the change; CAS's comment",
    "volunteers/emails/contact_email_changed": "to the organisation's previous, confirmed address",
    "volunteers/emails/contact_email_confirm": (
        "asked for only by a coordinator or a partner's manager, both signed in; it carries the "
        "organisation's name (set by CAS, not by the partner), the address itself and the link"
    ),
    "volunteers/emails/project_proposed": "to CAS_STAFF_EMAIL",
    "volunteers/emails/project_status_changed": "to the member who proposed the project (a portal account) "
    "or the organisation's vetted address; the comment is written by CAS staff",
    "volunteers/emails/project_comment": "to CAS_STAFF_EMAIL, or to the proposer (as above) with a comment "
    "by CAS staff",
    "volunteers/people/emails/application_status": "to a volunteer whose address is confirmed (only active "
    "volunteers apply); the message is written by CAS staff or a vetted organisation",
}


def email_templates():
    names = set()
    for app in ("campaigns", "initiatives", "volunteers"):
        for path in Path(settings.BASE_DIR, app).glob("templates/**/emails/*.txt"):
            stem = path.stem
            if stem.startswith("_") or stem.endswith("_subject"):
                continue
            relative = path.relative_to(Path(settings.BASE_DIR, app, "templates"))
            names.add(str(relative.with_suffix("")))
    return names


@pytest.fixture
def rendered():
    names = set()

    def record(sender, template, context, **kwargs):
        names.add(template.name.removesuffix(".txt"))

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def public_messages():
    return [m for m in mail.outbox if settings.CAS_STAFF_EMAIL not in m.to]


def assert_no_hostile_text():
    leaks = [
        (message.to, message.subject)
        for message in public_messages()
        if any(marker in message.subject or marker in message.body for marker in MARKERS)
    ]
    assert leaks == []


def run_school_request(api_post, committed):
    payload = {
        "school_name": HOSTILE,
        "contact_name": HOSTILE,
        "email": "ofiara.szkola@example.org",
        "phone": "+48 600 000 000",
        "class_level": "klasy-4-8",
        "pupils": 20,
        "preferred_dates": HOSTILE,
        "message": HOSTILE,
        "consent": True,
    }
    assert committed(api_post, "school-requests/", payload).status_code == 201


def run_bookings(home_page, committed):
    index = home_page.add_child(instance=WorkshopIndexPage(title="Warsztaty", slug="warsztaty"))
    page = index.add_child(instance=WorkshopPage(title="Warsztat", slug="warsztat", audiences=["dorosli"]))
    starts = (timezone.now() + timedelta(hours=20)).replace(microsecond=0)
    session = WorkshopSession.objects.create(
        page=page, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=2
    )
    year = timezone.localdate().year

    def book(email, **kwargs):
        kwargs.setdefault("birth_year", 1990)
        return committed(
            workshops.book_seat, session.pk, name=HOSTILE, email=email, terms=True, phone="", **kwargs
        )

    def confirm(email):  # the booker opens the e-mailed link: the flows that follow need a confirmed seat
        booking = Booking.objects.get(email=email)
        committed(workshops.confirm_email, links.issue(booking, LinkPurpose.EMAIL, expires_at=starts))

    book("ofiara1@example.org")
    confirm("ofiara1@example.org")  # confirmed
    book("ofiara2@example.org", birth_year=year - 14, guardian_email="opiekun.ofiary@example.org")
    confirm("ofiara2@example.org")  # the guardian is asked now
    book("ofiara3@example.org")  # waiting list
    confirm("ofiara3@example.org")
    committed(workshops.release_expired_holds, now=timezone.now() + timedelta(days=3))  # promotes ofiara3
    committed(workshops.send_workshop_reminders, now=starts - timedelta(hours=12))
    first = Booking.objects.get(email="ofiara1@example.org")
    token = links.issue(first, LinkPurpose.CANCEL, expires_at=starts)
    committed(workshops.cancel_booking, token)


def run_ideas(api_post, committed):
    year = timezone.localdate().year
    hostile = {
        "group_name": HOSTILE,
        "leader_name": HOSTILE,
        "title": HOSTILE,
        "description": HOSTILE,
    }
    adult = idea_payload(email="ofiara.pomysl@example.org", **hostile)
    assert committed(api_post, "ideas/", adult).status_code == 201
    minor = idea_payload(
        email="ofiara.mlodsza@example.org",
        birth_year=year - 14,
        guardian_email="opiekun2@example.org",
        **hostile,
    )
    assert committed(api_post, "ideas/", minor).status_code == 201
    submission = IdeaSubmission.objects.get(email="ofiara.pomysl@example.org")
    committed(initiatives.change_status, submission, "consultation")


def run_volunteers(api_post, committed, client):
    year = timezone.localdate().year
    adult = registration(email="ofiara.wolontariat@example.org", first_name=HOSTILE[:60], about=HOSTILE)
    assert committed(api_post, "volunteers/", adult).status_code == 202
    minor = registration(
        email="ofiara.nastolatek@example.org",
        first_name=HOSTILE[:60],
        about=HOSTILE,
        birth_year=year - 15,
        guardian_email="opiekun3@example.org",
    )
    assert committed(api_post, "volunteers/", minor).status_code == 202
    confirmation = next(m for m in mail.outbox if "ofiara.nastolatek@example.org" in m.to)
    response = committed(api_post, "volunteers/confirm", {"token": token_from(confirmation)})
    assert response.status_code == 200  # the guardian's request goes out now


def run_room_requests(api_post, committed):
    """A request (and a series) with hostile text in every free field; confirmed, decided, cancelled."""
    from initiatives.rooms import services as rooms
    from initiatives.rooms.models import RoomBooking
    from tests.factories import (
        at,
        link_token,
        make_house_rules,
        make_room,
        make_room_booking,
        next_weekday,
        room_booking_payload,
    )

    room, rules, day = make_room(), make_house_rules(), next_weekday(1, after_days=8)

    def ask(email, hour, **extra):
        payload = room_booking_payload(room, rules, at(day, hour), at(day, hour + 1), **extra)
        payload.update(
            organiser={"kind": "informal_group", "name": HOSTILE},
            contact={"name": HOSTILE, "email": email},
            purpose=HOSTILE,
            public_title=HOSTILE,
            public_description=HOSTILE,
        )
        assert committed(api_post, "room-bookings/", payload).status_code == 202
        message = [m for m in mail.outbox if email in m.to][-1]
        assert committed(
            api_post, "room-bookings/confirm", {"token": link_token(message, "/sale/potwierdz/")}
        )
        return message

    ask("ofiara.sala1@example.org", 10)
    ask("ofiara.sala2@example.org", 12)
    series = ask(
        "ofiara.sala3@example.org", 14, repeat={"every": "week", "until": str(day + timedelta(weeks=1))}
    )
    first, second = RoomBooking.objects.filter(series__isnull=True).order_by("starts_at")
    committed(rooms.approve, first)
    committed(rooms.refuse, second, "Sala zajęta.")
    committed(api_post, "room-bookings/cancel", {"token": link_token(series, "/sale/odwolaj/")})
    committed(rooms.send_room_reminders, now=at(day - timedelta(days=1), 9))  # the approved one
    for days_ago in (9, 2):  # an address with two no-shows: its confirmed request is refused (blocked)
        past = timezone.localdate() - timedelta(days=days_ago)
        make_room_booking(
            room, rules, at(past, 17), status="no_show", contact_email="ofiara.sala4@example.org"
        )
    ask("ofiara.sala4@example.org", 16)
    assert RoomBooking.objects.get(
        contact_email="ofiara.sala4@example.org", starts_at=at(day, 16)
    ).status == ("refused")


def run_partner_join_requests(client, committed):
    """An organisation's request to join the portal, with hostile text in every field; a
    coordinator rejects one (with a reason of their own)."""
    from volunteers.partners import services as partners
    from volunteers.partners.models import JoinRequest

    data = {
        "organisation_name": HOSTILE,
        "krs": "0000765432",
        "contact_name": HOSTILE,
        "email": "ofiara.ngo@example.org",
        "website": "",
    }
    assert committed(client.post, "/partnerzy/dolacz/", data).status_code == 302
    committed(partners.reject_join_request, JoinRequest.objects.get(), by=None, reason="Brak wpisu w KRS.")


def test_no_anonymous_text_reaches_an_unconfirmed_address(
    home_page, api_post, client, committed, rendered, registry_texts
):
    run_school_request(api_post, committed)
    run_bookings(home_page, committed)
    run_ideas(api_post, committed)
    run_volunteers(api_post, committed, client)
    run_room_requests(api_post, committed)
    run_partner_join_requests(client, committed)

    assert len(public_messages()) >= 15
    assert_no_hostile_text()
    # Staff notifications may keep the text (CAS's own address).
    assert any(HOSTILE in m.subject + m.body for m in mail.outbox if settings.CAS_STAFF_EMAIL in m.to)

    missing = email_templates() - rendered - set(CONFIRMED_OR_STAFF)
    assert not missing, f"E-mail templates no flow here sends with hostile text: {sorted(missing)}"


@pytest.fixture
def registry_texts(db):
    from importlib import import_module

    from home.models import District
    from volunteers.people.models import ConsentText

    texts = import_module("volunteers.migrations.0005_consent_texts").TEXTS
    for purpose, text in texts.items():
        if not ConsentText.objects.filter(purpose=purpose).exists():
            ConsentText.objects.create(purpose=purpose, text=text)
    assert District.objects.filter(slug="zagorze").exists()
