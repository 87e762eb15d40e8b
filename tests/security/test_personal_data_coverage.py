"""Every register holding an e-mail address is reached by a person's erasure and by retention.

Class: a register of personal data that erasure or retention forgets. Guards: the
registers are discovered from the models (any e-mail field), so a new one fails these
tests until it has a factory here, an erasure hook and a retention rule; after erasure
(or retention) the address appears nowhere in the database — only the keyed hash in
the erasure ledger remains.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from campaigns.models import SchoolRequest
from campaigns.workshops.choices import BookingStatus, LinkPurpose
from campaigns.workshops.models import (
    Booking,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from home import links
from home.models import District, EmailLink, OutgoingEmail
from home.privacy import NOT_PERSONAL_REGISTERS, apply_retention
from initiatives.models import IdeaSubmission, IdeaSubmissionEvent
from initiatives.rooms.choices import BookingStatus as RoomBookingStatus
from initiatives.rooms.models import RoomBooking
from tests.factories import make_opportunity, make_organisation, make_volunteer, self_service_token
from volunteers.people.models import Application, ErasureRecord, subject_hash

pytestmark = pytest.mark.django_db

ADDRESS = "Ewa.Erasure@example.org"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def email_like(field):
    return isinstance(field, models.EmailField) or (
        isinstance(field, TEXT_FIELDS) and ("email" in field.name or field.name in {"to", "recipient"})
    )


def personal_registers():
    """Every model with an e-mail-like field, except those that list no private persons."""
    return {
        model._meta.label
        for model in apps.get_models()
        if any(email_like(f) for f in model._meta.concrete_fields)
    } - set(NOT_PERSONAL_REGISTERS)


def where_address_is(address=ADDRESS):
    """``model.field`` of every stored value that contains the address (any text column)."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            rows = model._default_manager.annotate(_text=Cast(field.name, models.TextField()))
            if rows.filter(_text__icontains=address).exists():
                hits.append(f"{model._meta.label}.{field.name}")
    return hits


# --- One factory per register: records holding the address in every e-mail field -----------


def _session(ended_days_ago=None):
    index = WorkshopIndexPage.objects.first()
    if index is None:
        from wagtail.models import Page

        index = Page.objects.get(depth=1).add_child(
            instance=WorkshopIndexPage(title="Warsztaty", slug="warsztaty-rodo")
        )
    page = index.add_child(
        instance=WorkshopPage(title=f"Warsztat {WorkshopPage.objects.count()}", slug=f"w-{timezone.now():%f}")
    )
    if ended_days_ago is None:
        starts = timezone.now() + timedelta(days=7)
    else:
        starts = timezone.now() - timedelta(days=ended_days_ago, hours=3)
    return WorkshopSession.objects.create(
        page=page, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=2
    )


def _booking(session, n, **fields):
    fields.setdefault("status", BookingStatus.CONFIRMED)
    fields.setdefault("birth_year", 2000)
    booking = Booking.objects.create(
        session=session,
        reference=f"W-RODO-{n}-{timezone.now():%f}",
        name="Ewa Erasure",
        terms_accepted_at=timezone.now(),
        **fields,
    )
    OutgoingEmail.objects.create(
        kind="workshops.booking_confirmed",
        to=booking.email,
        content_type=ContentType.objects.get_for_model(Booking),
        object_id=booking.pk,
        sent_at=timezone.now(),
    )
    links.issue(booking, LinkPurpose.CANCEL, expires_at=session.starts_at)
    return booking


def make_bookings(address, old=False):
    """As a participant (one attended, one upcoming) and as the guardian of a child."""
    past = _session(ended_days_ago=400 if old else 3)
    attended = _booking(past, 1, email=address, status=BookingStatus.ATTENDED)
    child = _booking(past, 2, email="dziecko@example.org", guardian_email=address, birth_year=2013)
    records = [attended, child]
    if not old:
        records.append(_booking(_session(), 3, email=address))
    return records


def make_school_request(address, old=False):
    return [
        SchoolRequest.objects.create(
            reference=f"CAS-RODO-{timezone.now():%f}",
            school_name="SP 1",
            contact_name="Ewa Erasure",
            email=address,
            class_level="4-6",
            pupils=20,
            message=f"Proszę pisać na {address}",
            created_at=timezone.now() - timedelta(days=800 if old else 1),
        )
    ]


def make_ideas(address, old=False):
    common = {
        "group_name": "Grupa",
        "members_count": 3,
        "leader_name": "Ewa Erasure",
        "birth_year": 2000,
        "title": "Pomysł",
        "description": f"Kontakt: {address}",
        "district": District.objects.first(),
        "consent_terms_version": "1",
        "consent_given_at": timezone.now(),
    }
    own = IdeaSubmission.objects.create(reference=f"P-1-{timezone.now():%f}", email=address, **common)
    IdeaSubmissionEvent.objects.create(submission=own, kind="status", message=f"Odpiszemy na {address}")
    child = IdeaSubmission.objects.create(
        reference=f"P-2-{timezone.now():%f}",
        email="dziecko@example.org",
        guardian_email=address,
        guardian_confirmed_at=timezone.now(),
        **common,
    )
    records = [own, child]
    if old:
        IdeaSubmission.objects.filter(pk__in=[r.pk for r in records]).update(
            updated_at=timezone.now() - timedelta(days=1200)
        )
    return records


def make_volunteers(address, old=False):
    last_active = timezone.now() - timedelta(days=800 if old else 1)
    volunteer = make_volunteer(email=address.lower(), about=f"Piszcie: {address}", last_active_at=last_active)
    child = make_volunteer(age=15, guardian_email=address, last_active_at=last_active)
    opportunity = make_opportunity(make_organisation())
    Application.objects.create(volunteer=volunteer, opportunity=opportunity, message=f"Mój adres: {address}")
    return [volunteer, child]


def make_room_bookings(address, old=False):
    """As a group's contact: a confirmed meeting (past), an unconfirmed request, one still to come."""
    from tests.factories import make_house_rules, make_room

    room, rules = make_room(), make_house_rules()
    start = timezone.now() - timedelta(days=400 if old else 3)

    def booking(n, status, starts_at, confirmed=True):
        return RoomBooking.objects.create(
            reference=f"CAS-S-RODO-{n}-{timezone.now():%f}",
            room=room,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            status=status,
            organiser_kind="ngo",
            organiser_name="Fundacja Ewy",
            contact_name="Ewa Erasure",
            contact_email=address,
            contact_phone="500 600 700",
            purpose=f"Spotkanie; kontakt {address}",
            participants=10,
            house_rules=rules,
            created_at=starts_at - timedelta(days=10),
            email_confirmed_at=starts_at - timedelta(days=10) if confirmed else None,
        )

    records = [
        booking(1, RoomBookingStatus.APPROVED, start),
        booking(2, RoomBookingStatus.CANCELLED, start + timedelta(hours=3), confirmed=False),
    ]
    if not old:
        records.append(booking(3, RoomBookingStatus.REQUESTED, timezone.now() + timedelta(days=10)))
    return records


def make_outgoing_emails(address, old=False):
    """The one outbox: a sent e-mail to the person, and an unsent one mentioning them (to an
    organisation), about their volunteer record."""
    from home.models import OutgoingEmail

    then = timezone.now() - timedelta(days=40 if old else 1)
    return [
        OutgoingEmail.objects.create(kind="people.access_link", to=address, created_at=then, sent_at=then),
        OutgoingEmail.objects.create(
            kind="people.application_received",
            to="ngo@example.org",
            context={"email": address},
            created_at=then,
        ),
    ]


def make_partner_account(address, old=False):
    """The partner portal: an account with this login (a membership, an API token, a second factor
    and a failed login django-axes recorded) and the invitation that brought it. ``old``: the
    membership ended and the invitation was accepted long ago."""
    from axes.models import AccessAttempt

    from tests.factories import make_partner, partner_token
    from volunteers.partners.models import Invitation

    then = timezone.now() - timedelta(days=400 if old else 1)
    organisation = make_organisation()
    membership = make_partner(organisation, email=address, joined_at=then)
    partner_token(membership)
    AccessAttempt.objects.create(
        username=address.lower(), ip_address="203.0.113.7", user_agent="test", failures_since_start=1
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=address,
        created_at=then,
        expires_at=then + timedelta(days=7),
        accepted_at=then if old else None,
        membership=membership if old else None,
    )
    if old:
        membership.removed_at = then
        membership.save()
    return [membership, invitation]


def make_join_request(address, old=False):
    """An organisation's request to join the portal (``old``: decided long ago)."""
    from volunteers.partners.models import JoinRequest

    then = timezone.now() - timedelta(days=400 if old else 1)
    return [
        JoinRequest.objects.create(
            organisation_name="Fundacja Ewy",
            krs="0000111222",
            contact_name="Ewa Erasure",
            email=address,
            created_at=then,
            decided_at=then if old else None,
            status="verified" if old else "submitted",
        )
    ]


def make_contact_changes(address, old=False):
    """A new address asked for an organisation's applications, its owner never confirmed it."""
    from volunteers.models import ContactEmailChange

    return [
        ContactEmailChange.objects.create(
            organisation=make_organisation(),
            new_email=address,
            requested_at=timezone.now() - timedelta(days=8 if old else 1),
        )
    ]


def make_youth_projects(address, old=False):
    """A youth project whose thread holds the address (typed by the proposer, whose own account
    has another address); an old one was finished long ago."""
    import uuid

    from django.contrib.auth import get_user_model

    from tests.factories import make_youth_project
    from volunteers import services as directory
    from volunteers.models import YouthProject

    member = get_user_model().objects.create_user(
        f"czlonek-{uuid.uuid4().hex[:8]}", "czlonek@fundacja.example.org"
    )
    project = make_youth_project(make_organisation(), member, status="finished" if old else None)
    directory.comment_on_project(project, f"Piszcie też na {address}", by=member, from_organisation=True)
    if old:
        YouthProject.objects.filter(pk=project.pk).update(finished_at=timezone.now() - timedelta(days=1200))
    return [project]


FACTORIES = {
    "partners.Invitation": make_partner_account,
    "partners.JoinRequest": make_join_request,
    "workshops.Booking": make_bookings,
    "campaigns.SchoolRequest": make_school_request,
    "initiatives.IdeaSubmission": make_ideas,
    "people.Volunteer": make_volunteers,
    "rooms.RoomBooking": make_room_bookings,
    "home.OutgoingEmail": make_outgoing_emails,
    "volunteers.ContactEmailChange": make_contact_changes,
    "volunteers.YouthProject": make_youth_projects,  # no e-mail field, but free text that may hold one
}


def test_every_register_with_an_email_field_has_a_factory_here():
    missing = personal_registers() - set(FACTORIES)
    assert not missing, (
        f"New register(s) with an e-mail field: {sorted(missing)}. Give each an erasure hook and a "
        "retention rule (home/privacy.py), a factory here, or a reason in NOT_PERSONAL_REGISTERS."
    )


@pytest.fixture
def everywhere(home_page):
    made = {label: factory(ADDRESS) for label, factory in FACTORIES.items()}
    assert where_address_is()  # the scan finds what the factories stored
    return made


def test_self_service_erasure_leaves_the_address_nowhere(
    everywhere, client, django_capture_on_commit_callbacks
):
    volunteer = everywhere["people.Volunteer"][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(
            "/api/v3/volunteers/me", HTTP_AUTHORIZATION=f"Bearer {self_service_token(volunteer)}"
        )
    assert response.status_code == 204

    assert where_address_is() == []
    assert ErasureRecord.objects.filter(subject_hash=subject_hash(ADDRESS)).exists()  # only the hash
    # Statistics survive: the attendance row, the school request, the idea, the application.
    attended, child, upcoming = everywhere["workshops.Booking"]
    assert Booking.objects.get(pk=attended.pk).status == BookingStatus.ATTENDED
    assert Booking.objects.get(pk=upcoming.pk).status == BookingStatus.CANCELLED  # the seat is free again
    assert Booking.objects.get(pk=child.pk).email == "dziecko@example.org"  # the child's own booking stays
    booking_type = ContentType.objects.get_for_model(Booking)
    about = {"content_type": booking_type, "object_id__in": [attended.pk, upcoming.pk]}
    assert not EmailLink.objects.filter(**about).exists()  # their links went with them
    assert not OutgoingEmail.objects.filter(**about).exists()
    assert SchoolRequest.objects.count() == 1
    assert IdeaSubmission.objects.count() == 2
    # Room bookings: the never-confirmed request is gone, the past meeting stays for statistics
    # without its contact data, the one still to come is cancelled (its slot is free again).
    past, unconfirmed, upcoming_room = everywhere["rooms.RoomBooking"]
    assert not RoomBooking.objects.filter(pk=unconfirmed.pk).exists()
    assert RoomBooking.objects.get(pk=past.pk).contact_name == ""
    assert RoomBooking.objects.get(pk=upcoming_room.pk).status == RoomBookingStatus.CANCELLED
    assert Application.objects.filter(volunteer__isnull=True).count() == 1


def test_erase_person_command_reaches_a_person_without_a_volunteer_record(home_page):
    for label, factory in FACTORIES.items():
        if label != "people.Volunteer":
            factory(ADDRESS)
    out = StringIO()
    call_command("erase_person", ADDRESS.upper(), stdout=out)
    assert where_address_is() == []
    assert "workshops.Booking: 3" in out.getvalue()


# --- Retention -------------------------------------------------------------------------------


def test_every_register_has_a_retention_setting_and_a_rule_in_the_nightly_command(home_page):
    results = apply_retention(dry_run=True)
    covered = {label for result in results for label in result.models}
    assert personal_registers() <= covered, sorted(personal_registers() - covered)
    for result in results:
        setting = result.rule.split()[0]
        assert setting.startswith("CAS_") and isinstance(getattr(settings, setting), int), result


def test_nightly_purge_removes_every_expired_address_and_keeps_recent_ones(home_page):
    for factory in FACTORIES.values():
        factory(ADDRESS, old=True)
    recent = "Nowa.Osoba@example.org"
    for factory in FACTORIES.values():
        factory(recent)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert where_address_is(ADDRESS) == []
    for label in personal_registers():
        assert any(label in hit for hit in where_address_is(recent)), label
    output = out.getvalue()
    assert (
        "Zapisy na warsztaty (CAS_RETENTION_BOOKINGS_DAYS od końca zajęć): usunięto 0, zanonimizowano 2"
        in (output)
    )
    assert "Zgłoszenia szkół" in output and "Zgłoszone pomysły" in output and "Razem:" in output
    assert (
        "Rezerwacje sal (CAS_RETENTION_ROOM_BOOKINGS_DAYS od końca spotkania): usunięto 0, zanonimizowano 1"
        in output
    )
    assert "Rezerwacje sal (CAS_RETENTION_UNCONFIRMED_DAYS bez potwierdzenia e-maila): usunięto 2" in output
    # Anonymised, not deleted: statistics keep their rows.
    assert Booking.objects.filter(status=BookingStatus.ATTENDED).count() == 2
    assert SchoolRequest.objects.count() == 2


def test_retention_periods_are_settings(home_page, settings):
    make_school_request(ADDRESS, old=True)
    settings.CAS_RETENTION_SCHOOL_REQUESTS_DAYS = 1000
    call_command("purge_personal_data", stdout=StringIO())
    assert SchoolRequest.objects.filter(email=ADDRESS).exists()
    settings.CAS_RETENTION_SCHOOL_REQUESTS_DAYS = 30
    call_command("purge_personal_data", stdout=StringIO())
    assert not SchoolRequest.objects.filter(email=ADDRESS).exists()
