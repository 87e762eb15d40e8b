"""One real record of every model the admin manages, with a chosen text in its free-text fields.

Shared by the admin permission matrix and the export (formula injection) tests.
"""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from campaigns.models import CampaignIndexPage, CampaignPage, CampaignTopic, SchoolRequest
from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from home.models import District
from initiatives.models import IdeaSubmission
from initiatives.rooms.models import Equipment
from tests.factories import make_opportunity, make_organisation, make_volunteer, make_youth_project
from volunteers.models import Area, Skill
from volunteers.people.choices import ConsentPurpose
from volunteers.people.models import Application, ConsentText

_numbers = count(1)


def index_pages(home_page):
    """The campaign and workshop index pages under ``home_page`` (created once)."""
    campaigns = CampaignIndexPage.objects.first()
    if campaigns is None:
        campaigns = CampaignIndexPage(title="Kampanie", slug="kampanie")
        home_page.add_child(instance=campaigns)
    workshops = WorkshopIndexPage.objects.first()
    if workshops is None:
        workshops = WorkshopIndexPage(title="Warsztaty", slug="warsztaty", intro="Warsztaty CAS.")
        home_page.add_child(instance=workshops)
    return campaigns, workshops


def make_campaign(home_page, title):
    n = next(_numbers)
    campaign = CampaignPage(title=title, slug=f"kampania-{n}", intro="Wstęp", audiences=["klasy-4-8"])
    index_pages(home_page)[0].add_child(instance=campaign)
    campaign.save_revision().publish()
    return campaign


def make_session(home_page, title="Warsztat"):
    n = next(_numbers)
    page = WorkshopPage(title=title, slug=f"warsztat-{n}", intro="Opis.", audiences=["dorosli"])
    index_pages(home_page)[1].add_child(instance=page)
    starts_at = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    return WorkshopSession.objects.create(
        page=page, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=10
    )


def make_booking(session, text):
    n = next(_numbers)
    return Booking.objects.create(
        session=session,
        reference=f"W-TEST-{n:04d}",
        status=BookingStatus.CONFIRMED,
        name=text,
        email=f"osoba{n}@example.org",
        phone=text,
        birth_year=2010,
        guardian_email=f"opiekun{n}@example.org",
        terms_accepted_at=timezone.now(),
    )


def make_school_request(campaign, text):
    n = next(_numbers)
    return SchoolRequest.objects.create(
        reference=f"CAS-2026-{n:04d}",
        campaign=campaign,
        school_name=text,
        contact_name=text,
        email=f"szkola{n}@example.org",
        class_level="ponadpodstawowa",
        pupils=25,
        preferred_dates=text,
        message=text,
    )


def make_idea(text):
    n = next(_numbers)
    return IdeaSubmission.objects.create(
        reference=f"POM-2026-{n:04d}",
        group_name=text,
        members_count=4,
        leader_name=text,
        email=f"lider{n}@example.org",
        phone=text,
        birth_year=2009,
        title=text,
        description=text,
        district=District.objects.get(slug="sielec"),
        consent_terms_version="1",
        consent_given_at=timezone.now(),
    )


def make_application(opportunity, volunteer, text):
    return Application.objects.create(opportunity=opportunity, volunteer=volunteer, message=text)


def make_data_access(application):
    from volunteers.people.services import record_personal_data_view

    return record_personal_data_view(
        application, by=None, via="portal", organisation=application.opportunity.organisation
    )


def make_room_booking(text):
    from initiatives.rooms.models import RoomBooking
    from tests.factories import make_equipment, make_house_rules, make_room

    n = next(_numbers)
    room = make_room(f"Sala {text}")
    make_equipment(slug=f"rzutnik-{n}", name=text)
    starts_at = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    return RoomBooking.objects.create(
        reference=f"CAS-S-2026-{n:04d}",
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status="requested",
        organiser_kind="informal_group",
        organiser_name=text,
        contact_name=text,
        contact_email=f"grupa{n}@example.org",
        contact_phone=text,
        purpose=text,
        participants=10,
        house_rules=make_house_rules(text=text),
    )


def make_all_records(home_page, text="Rekord testowy"):
    """A record of each model with an admin view, keyed by model label (``app.model``)."""
    campaign = make_campaign(home_page, f"Kampania {text}")
    session = make_session(home_page)
    organisation = make_organisation(name=f"Fundacja {text}", email="fundacja@example.org")
    organisation.save_revision()
    opportunity = make_opportunity(organisation, title=f"Oferta {text}")
    opportunity.save_revision()
    volunteer = make_volunteer(age=15, first_name="Zuzia", about=text)
    n = next(_numbers)
    room_booking = make_room_booking(text)
    application = make_application(opportunity, volunteer, text)
    return {
        "rooms.roombooking": room_booking,
        "rooms.room": room_booking.room,
        "rooms.equipment": Equipment.objects.first(),
        "rooms.houserules": room_booking.house_rules,
        "people.volunteer": volunteer,
        "people.application": application,
        "people.applicantdataaccess": make_data_access(application),
        "people.consenttext": ConsentText.objects.filter(purpose=ConsentPurpose.TERMS).first()
        or ConsentText.objects.create(purpose=ConsentPurpose.TERMS, text="Regulamin"),
        "workshops.booking": make_booking(session, "Ala Małoletnia"),
        "workshops.workshopsession": session,
        "campaigns.schoolrequest": make_school_request(campaign, text),
        "initiatives.ideasubmission": make_idea(text),
        "volunteers.organisation": organisation,
        "volunteers.opportunity": opportunity,
        "volunteers.youthproject": make_youth_project(organisation, None, title=f"Projekt {text}"),
        "volunteers.skill": Skill.objects.first(),
        "volunteers.area": Area.objects.first(),
        "campaigns.campaigntopic": CampaignTopic.objects.create(slug=f"temat-{n}", name=f"Temat {n}"),
        "campaigns.campaignpage": campaign,
        "home.outgoingemail": make_outgoing_email(volunteer, text),
        **make_partner_records(organisation, text),
    }


def make_partner_records(organisation, text):
    """The partner portal's registers: a membership, an invitation, a join request."""
    from tests.factories import make_partner
    from volunteers.partners.models import Invitation, JoinRequest

    n = next(_numbers)
    membership = make_partner(organisation, role="manager", email=f"partner{n}@example.org")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=f"zaproszona{n}@example.org",
        role="member",
        expires_at=timezone.now() + timedelta(days=7),
    )
    join_request = JoinRequest.objects.create(
        organisation_name=text, krs=f"{n:010d}", contact_name=text, email=f"prosba{n}@example.org"
    )
    return {
        "partners.membership": membership,
        "partners.invitation": invitation,
        "partners.joinrequest": join_request,
    }


def make_outgoing_email(volunteer, text):
    """A failed e-mail (the outbox list offers "send again" for it)."""
    from home.models import OutgoingEmail

    return OutgoingEmail.objects.create(
        kind="people.welcome", to=volunteer.email, context={"note": text}, attempts=1, last_error="SMTP down"
    )
