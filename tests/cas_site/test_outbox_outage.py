"""An SMTP outage loses no e-mail of any kind: each is stored, and sent exactly once after recovery.

Class: an e-mail that bypasses the outbox (sent straight from a view, a task or a service) and
is lost when the mail server is down. Guard: the flows below produce every kind of message the
renderer registry knows (``home.outbox.kinds()``), so a new kind fails this test until a flow
here produces it; with a real SMTP server (aiosmtpd) stopped, every message must be stored and
unsent, and after recovery ``send_pending_emails`` delivers each exactly once.
"""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns.services import submit_school_request
from campaigns.workshops import services as workshops
from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.choices import LinkPurpose as BookingLink
from campaigns.workshops.models import Booking
from home import links, outbox
from home.models import OutgoingEmail
from initiatives import services as ideas
from initiatives.choices import SubmissionStatus
from tests.factories import born, make_opportunity, make_organisation, make_volunteer
from tests.volunteers.people.test_mail_outage import smtp  # noqa: F401 - the fixture (a real SMTP server)
from volunteers.people import services as registry
from volunteers.people.choices import LinkPurpose as RegistryLink
from volunteers.people.choices import VolunteerStatus

pytestmark = pytest.mark.django_db


def registration(email, age=20, **fields):
    return registry.Registration(
        first_name="Zuzanna",
        email=email,
        birth_year=born(age),
        district="zagorze",
        terms=True,
        data_processing=True,
        **fields,
    )


def idea(email, birth_year, **fields):
    return ideas.IdeaData(
        group_name="Kolorowy Sielec",
        leader_name="Ola",
        email=email,
        birth_year=birth_year,
        members_count=4,
        title="Murale",
        description="Pomalujemy przejście podziemne razem z mieszkańcami.",
        district="zagorze",
        terms_accepted=True,
        **fields,
    )


def registry_flows(run):
    run(registry.register_volunteer, registration("nowa@example.org"))  # request → confirm_email
    active = make_volunteer(email="aktywna@example.org")
    run(registry.register_volunteer, registration("aktywna@example.org"))  # → already_registered
    run(registry.request_access_link, "aktywna@example.org")  # request → access_link
    minor = make_volunteer(
        age=15,
        email="mloda@example.org",
        guardian_email="mama@example.org",
        status=VolunteerStatus.PENDING_CONFIRMATION,
    )
    run(registry.confirm_email, links.issue(minor, RegistryLink.CONFIRM_EMAIL))  # → guardian_request
    run(registry.confirm_guardian, links.issue(minor, RegistryLink.GUARDIAN_CONSENT))  # → welcome
    application = run(registry.apply_to_opportunity, active, make_opportunity().pk, "Chętnie pomogę")
    run(registry.change_application_status, application, "przyjete", via="portal")  # application_status


def workshop_flows(run, session):
    def book(email, **fields):
        fields.setdefault("birth_year", 1990)
        return run(workshops.book_seat, session.pk, name="Ala", email=email, terms=True, **fields).booking

    def confirm(booking):
        run(workshops.confirm_email, links.issue(booking, BookingLink.EMAIL, expires_at=session.starts_at))

    adult = book("ala@example.org")  # confirm_email
    confirm(adult)  # confirmed
    minor = book(
        "ola@example.org", birth_year=session.starts_at.year - 14, guardian_email="mama.oli@example.org"
    )
    confirm(minor)  # awaiting_guardian, guardian_request
    queued = book("ela@example.org")  # full: the waiting list
    confirm(queued)  # waiting_list
    later = timezone.now() + timedelta(hours=49)
    run(workshops.release_expired_holds, now=later)  # the guardian did not answer: hold_expired, promoted
    assert Booking.objects.get(pk=queued.pk).status == BookingStatus.CONFIRMED
    run(workshops.cancel_booking, links.issue(adult, BookingLink.CANCEL, expires_at=session.starts_at))
    run(workshops.send_workshop_reminders, now=session.starts_at - timedelta(hours=12))  # reminder


def campaign_flows(run):
    run(
        submit_school_request,
        {
            "school_name": "SP 7",
            "contact_name": "Anna",
            "email": "anna@example.org",
            "class_level": "klasy-4-8",
            "pupils": 20,
            "consent": True,
        },
    )


def room_flows(run):
    """confirm_email (a request still waiting for it), approved, refused, cancelled (requests
    confirmed already: their confirmation e-mails would have nothing left to say), the reminder
    of the approved one, and blocked (an address with two no-shows confirms a request)."""
    from initiatives.rooms import services as rooms
    from initiatives.rooms.choices import LinkPurpose as RoomLink
    from initiatives.rooms.models import RoomBooking
    from tests.factories import at, make_house_rules, make_room, make_room_booking, next_weekday, room_request

    room, rules, day = make_room(), make_house_rules(), next_weekday(1, after_days=8)
    run(rooms.request_booking, **room_request(room, rules, at(day, 8), at(day, 9)))  # confirm_email

    def confirmed(hour, email):
        values = room_request(room, rules, at(day, hour), at(day, hour + 1), contact_email=email)
        values = {k: v for k, v in values.items() if k not in {"room_id", "house_rules"}}
        values["organiser_kind"] = "ngo"
        return RoomBooking.objects.create(
            reference=f"CAS-S-OUT-{hour}", room=room, house_rules=rules, status="requested",
            email_confirmed_at=timezone.now(), **values,
        )  # fmt: skip

    run(rooms.approve, confirmed(10, "klub@example.org"))  # approved
    run(rooms.refuse, confirmed(12, "fundacja@example.org"), "Sala jest wtedy remontowana.")  # refused
    kept = confirmed(14, "sasiedzi@example.org")
    run(rooms.cancel_link, links.issue(kept, RoomLink.CANCEL, expires_at=kept.ends_at))  # cancelled
    run(rooms.send_room_reminders, now=at(day - timedelta(days=1), 9))  # reminder (the approved one)
    for days_ago in (9, 2):  # two no-shows block the address: its next request is refused (blocked)
        past = timezone.localdate() - timedelta(days=days_ago)
        make_room_booking(room, rules, at(past, 17), status="no_show", contact_email="nieobecni@example.org")
    blocked = make_room_booking(  # its confirmation e-mail would have nothing left to say either
        room, rules, at(day, 16), status="awaiting_email", confirmed=False,
        contact_email="nieobecni@example.org", hold_expires_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    with pytest.raises(rooms.RequesterBlocked):
        run(rooms.confirm_email, blocked)


def partner_flows(run):
    """invitation, join_request_received + join_request_staff, join_request_rejected, and the
    password reset (a request decided off the request path → password_reset)."""
    from tests.factories import make_partner
    from volunteers.partners import services as partners

    manager = make_partner(role="manager", email="menedzerka@example.org")
    run(partners.invite, manager.organisation, "nowy.czlonek@example.org", "member", by=manager.user)
    request = run(
        partners.submit_join_request,
        organisation_name="Fundacja Sosnowieckie Dzieci",
        krs="0000765432",
        contact_name="Anna Kowalska",
        email="anna@fundacja.example.org",
    )
    run(partners.reject_join_request, request, by=None, reason="Prosimy o kontakt telefoniczny.")
    run(partners.request_password_reset, manager.user.email)


def idea_flows(run):
    year = timezone.localdate().year
    adult = run(ideas.submit_idea, idea("lider@example.org", year - 20))  # received, staff notified
    run(ideas.submit_idea, idea("mlody@example.org", year - 14, guardian_email="opiekun@example.org"))
    run(ideas.change_status, adult, SubmissionStatus.CONSULTATION, message="Zapraszamy")  # status_changed


def partner_change_flows(run):
    """A partner's change (staff told, approved, refused) and the address for applications: a new
    one waiting for its owner's link, and one removed (the old address is told). A confirmed
    request is not here: its confirmation e-mail would have nothing left to say."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import WorkflowState

    from home.roles import VOLUNTEER_COORDINATORS
    from volunteers import services as directory

    users = get_user_model().objects
    member = users.create_user("partnerka-awaria", "partnerka@example.org", "x")
    coordinator = users.create_user("koordynatorka-awaria", "koordynatorka@example.org", "x")
    coordinator.groups.add(Group.objects.get(name=VOLUNTEER_COORDINATORS))  # who may publish
    organisation = make_organisation(email="fundacja@example.org")

    def decide(obj, action, **kwargs):
        task_state = WorkflowState.objects.for_instance(obj).get(status="in_progress").current_task_state
        run(getattr(task_state.specific, action), user=coordinator, **kwargs)

    run(directory.submit_organisation_change, organisation, member, {"description": "Opis."})  # submitted
    decide(organisation, "approve")  # change_approved
    offer = run(directory.create_opportunity, organisation, member, {"title": "Nowa", "description": "Opis."})
    decide(offer, "reject", comment="Proszę dodać termin.")  # change_refused
    run(directory.change_contact_email, organisation, member, "nowy@example.org")  # contact_email_confirm
    other = make_organisation(email="stary@example.org")
    run(directory.change_contact_email, other, member, "")  # removed at once: contact_email_changed


def project_flows(run):
    from tests.factories import make_organisation, project_proposal
    from volunteers import services as directory

    organisation = make_organisation(email="biuro@fundacja.example.org")
    project = run(directory.propose_project, organisation, None, project_proposal())  # proposed (to staff)
    run(directory.decide_project, project, "accepted", by=None, comment="Witamy")  # status_changed
    run(directory.comment_on_project, project, "Termin?", by=None)  # comment


def test_every_kind_of_e_mail_survives_an_outage_and_goes_out_once(
    smtp,  # noqa: F811 - the imported fixture
    make_session,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    queued = Counter()
    real_queue = outbox.queue

    def spy(kind, *args, **kwargs):
        queued[kind] += 1
        return real_queue(kind, *args, **kwargs)

    monkeypatch.setattr(outbox, "queue", spy)

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):  # delivery is tried at once, and fails
            return fn(*args, **kwargs)

    session = make_session(capacity=2, starts_in=timedelta(days=3))
    # The mail server is down (never started) for all of it.
    registry_flows(run)
    workshop_flows(run, session)
    campaign_flows(run)
    idea_flows(run)
    room_flows(run)
    partner_flows(run)
    partner_change_flows(run)
    project_flows(run)

    missing = set(outbox.kinds()) - set(queued)
    assert not missing, f"kinds no flow here produces (add one): {sorted(missing)}"
    requests = {kind for kind in outbox.kinds() if not outbox._renderers[kind].keep}
    from volunteers.partners.services import PASSWORD_RESET_REQUEST

    assert requests == {registry.REGISTRATION_REQUEST, registry.ACCESS_LINK_REQUEST, PASSWORD_RESET_REQUEST}
    stored = OutgoingEmail.objects.all()
    messages = sum(count for kind, count in queued.items() if kind not in requests)
    assert stored.count() == messages  # every message stored; the decided requests keep no row
    assert not stored.filter(sent_at__isnull=False).exists() and smtp.inbox.messages == []
    assert all(email.attempts == 1 and email.last_error for email in stored)  # each was tried, and failed
    assert set(stored.values_list("kind", flat=True)) == set(outbox.kinds()) - requests

    smtp.start()
    out = StringIO()
    call_command("send_pending_emails", stdout=out)
    assert out.getvalue().strip() == f"Wysłano: {messages}, nadal w kolejce: 0"
    call_command("send_pending_emails", stdout=StringIO())  # a second run sends nothing again
    assert len(smtp.inbox.messages) == messages
    message_ids = Counter(message["Message-ID"] for _, message in smtp.inbox.messages)
    assert set(message_ids.values()) == {1}
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
