"""Plain factory functions for every app's tests: ``make_session(index, capacity=3)``,
``make_volunteer(age=15)``, ``make_booking(session)``, request payloads and e-mail helpers.

Fixtures live in the ``conftest.py`` files (thin wrappers over these where a test wants the
page tree ready); tests import functions from here, never from a conftest. Each factory
builds the smallest thing a test needs and saves it.
"""

import io
import re
import uuid
from datetime import timedelta
from itertools import count

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from campaigns.models import CampaignIndexPage, CampaignMaterial, CampaignPage
from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from home.models import District
from home.seed_utils import demo_image
from initiatives.choices import PeopleShown
from initiatives.models import InitiativeIndexPage, SuccessStoryImage, SuccessStoryPage, Topic
from volunteers import services as directory_services
from volunteers.choices import ProjectStatus
from volunteers.models import Area, Opportunity, Organisation, Skill
from volunteers.people import services as registry_services
from volunteers.people.choices import ConsentPurpose, GivenBy, LinkPurpose, VolunteerStatus
from volunteers.people.models import Volunteer
from volunteers.people.tokens import issue_token

YEAR = timezone.localdate().year

#: Wagtail 8.0.1 generates renditions into a SpooledTemporaryFile it never closes
#: (wagtail/images/models.py, generate_rendition_file); the ResourceWarning is theirs, not ours.
WAGTAIL_RENDITION_LEAK = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def days(n):
    """The date ``n`` days from today."""
    return timezone.localdate() + timedelta(days=n)


def born(age):
    """The birth year of someone who turns ``age`` this year."""
    return YEAR - age


# --- Files ---------------------------------------------------------------------------------


def make_document(title="Plakat", content=b"%PDF-1.4 test", name="plakat.pdf"):
    document = get_document_model()(title=title, file=ContentFile(content, name=name))
    document._set_document_file_metadata()
    document.save()
    document.file.close()
    return document


def make_image(title="Obraz"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 50), (10, 90, 170)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name="obraz.png")
    )


def make_logo(title="Logo"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (11, 92, 173)).save(buffer, format="PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="logo.png"))


# --- Campaigns -----------------------------------------------------------------------------


def make_campaign_index(home):
    index = CampaignIndexPage(title="Kampanie", slug="kampanie", intro="Kampanie dla szkół")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_campaign(
    index, title="Bezpieczny internet", slug=None, *, materials=(), topics=(), image=None, **fields
):
    """A published campaign; ``materials`` are ``(title, bytes, filename)`` triples."""
    fields.setdefault("audiences", ["klasy-4-8"])
    page = CampaignPage(
        title=title, slug=slug or title.lower().replace(" ", "-"), intro=f"Lead: {title}", **fields
    )
    if image is not None:
        page.hero_image = image
        page.hero_image_alt = f"Ilustracja kampanii {title}"
    for order, (material_title, content, filename) in enumerate(materials):
        page.materials.add(
            CampaignMaterial(
                title=material_title,
                document=make_document(material_title, content, filename),
                kind="plakat",
                audiences=["klasy-4-8"],
                sort_order=order,
            )
        )
    index.add_child(instance=page)
    if topics:
        page.topics.set(topics)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --- Workshops -----------------------------------------------------------------------------


def make_workshop_index(home, intro="Warsztaty i szkolenia CAS."):
    index = WorkshopIndexPage(title="Warsztaty", slug="warsztaty", intro=intro)
    home.add_child(instance=index)
    return index


def make_workshop(
    index,
    title=None,
    *,
    slug=None,
    min_age=None,
    max_age=None,
    audiences=("dorosli",),
    topic="aktywnosc-obywatelska",
    **fields,
):
    """A live workshop page under ``index``: "Warsztat 1" at ``warsztat-1``, then 2, …"""
    number = index.get_children().count() + 1
    page = WorkshopPage(
        title=title or f"Warsztat {number}",
        slug=slug or f"warsztat-{number}",
        intro=fields.pop("intro", "Krótki opis warsztatu."),
        min_age=min_age,
        max_age=max_age,
        audiences=list(audiences),
        topic=topic,
        **fields,
    )
    index.add_child(instance=page)
    return page


def make_session(
    index,
    capacity=5,
    *,
    starts_in=timedelta(days=7),
    min_age=None,
    max_age=None,
    waiting_list=True,
    audiences=("dorosli",),
    topic="aktywnosc-obywatelska",
    page=None,
    **fields,
):
    """A session of ``page``, or of a new workshop under ``index``, starting in a week for 2 hours."""
    if page is None:
        page = make_workshop(index, min_age=min_age, max_age=max_age, audiences=audiences, topic=topic)
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    return WorkshopSession.objects.create(
        page=page,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=capacity,
        waiting_list_enabled=waiting_list,
        **fields,
    )


def make_booking(session, email=None, *, status=BookingStatus.CONFIRMED, queued_at=None, **fields):
    """A booking row written directly (no rules checked, no e-mail): for preparing a state.
    Tests of the booking rules book through the service (the ``book`` fixture)."""
    now = timezone.now()
    fields.setdefault("name", "Osoba Zapisana")
    fields.setdefault("birth_year", 1990)
    return Booking.objects.create(
        session=session,
        reference=fields.pop("reference", f"PRE-{uuid.uuid4().hex[:12]}"),
        status=status,
        email=email or f"{uuid.uuid4().hex[:10]}@example.org",
        terms_accepted_at=now,
        queued_at=queued_at or now,
        **fields,
    )


# --- Volunteering directory ----------------------------------------------------------------

_directory_numbers = count(1)


def make_organisation(name=None, *, areas=(), live=True, **fields):
    number = next(_directory_numbers)
    name = name or f"Fundacja Testowa {number}"
    fields.setdefault("slug", f"fundacja-testowa-{number}")
    organisation = Organisation(name=name, live=live, **fields)
    organisation.areas.set([Area.objects.get(slug=a) if isinstance(a, str) else a for a in areas])
    organisation.save()
    return organisation


def make_opportunity(organisation=None, title=None, *, skills=(), areas=(), live=True, **fields):
    organisation = organisation or make_organisation()
    opportunity = Opportunity(
        organisation=organisation,
        title=title or f"Oferta {next(_directory_numbers)}",
        description=fields.pop("description", "Opis oferty."),
        live=live,
        **fields,
    )
    opportunity.skills.set([Skill.objects.get(slug=s) for s in skills])
    opportunity.areas.set([Area.objects.get(slug=a) for a in areas])
    opportunity.save()
    return opportunity


# --- Volunteer registry --------------------------------------------------------------------

_volunteer_numbers = count(1)


def registration(**overrides):
    """A valid body for ``POST volunteers/register``."""
    data = {
        "first_name": "Zuzanna",
        "email": "zuzanna.testowa@example.org",
        "phone": "+48 600 100 200",
        "birth_year": born(20),
        "district": "zagorze",
        "skills": ["fotografia"],
        "areas": ["ekologia"],
        "availability": ["weekendy"],
        "about": "Lubię robić zdjęcia.",
        "consents": {"terms": True, "data_processing": True, "newsletter": False},
    }
    data.update(overrides)
    return data


def make_volunteer(age=20, status=VolunteerStatus.ACTIVE, skills=(), areas=(), district="zagorze", **fields):
    """A registered volunteer with the consents their age needs (a minor's guardian's included)."""
    number = next(_volunteer_numbers)
    fields.setdefault("first_name", f"Osoba{number}")
    fields.setdefault("email", f"osoba{number}@example.org")
    if age < 18:
        fields.setdefault("guardian_email", f"opiekun{number}@example.org")
        if status == VolunteerStatus.ACTIVE:
            fields.setdefault("guardian_confirmed_at", timezone.now())
    volunteer = Volunteer.objects.create(
        birth_year=born(age),
        status=status,
        district=District.objects.get(slug=district) if district else None,
        confirmed_at=None if status == VolunteerStatus.PENDING_CONFIRMATION else timezone.now(),
        **fields,
    )
    volunteer.skills.set(Skill.objects.filter(slug__in=skills))
    volunteer.areas.set(Area.objects.filter(slug__in=areas))
    registry_services.record_consent(volunteer, ConsentPurpose.TERMS)
    registry_services.record_consent(volunteer, ConsentPurpose.DATA_PROCESSING)
    if age < 18 and status == VolunteerStatus.ACTIVE:
        registry_services.record_consent(volunteer, ConsentPurpose.GUARDIAN, GivenBy.GUARDIAN)
    return volunteer


def self_service_token(volunteer):
    return issue_token(volunteer, LinkPurpose.SELF_SERVICE)


# --- Initiatives ---------------------------------------------------------------------------


def make_initiative_index(home):
    index = InitiativeIndexPage(title="Inicjatywy", slug="inicjatywy", intro="Historie grup")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def photo(title="Zdjęcie", *, people=PeopleShown.NONE, people_consent=False, guardian_consent=False):
    return SuccessStoryImage(
        image=demo_image(title, size=(120, 80)),
        alt_text=f"Opis: {title}",
        people_shown=people,
        people_consent=people_consent,
        guardian_consent=guardian_consent,
    )


def make_story(index, number, *, year=2025, district="zagorze", topics=(), photos=None, title=None):
    page = SuccessStoryPage(
        title=title or f"Historia {number}",
        slug=f"historia-{number}",
        intro=f"Podsumowanie historii {number}",
        group_name=f"Grupa {number}",
        members_count=6,
        age_min=14,
        age_max=17,
        year=year,
        district=District.objects.get(slug=district) if district else None,
        problem="Na osiedlu brakowało miejsca do spotkań.",
        impact=[("figure", {"number": "120", "label": "mieszkańców wzięło udział"})],
        support_given=["sala", "mentoring"],
        gallery_images=photos if photos is not None else [photo(f"Zdjęcie {number}")],
    )
    index.add_child(instance=page)
    page.topics.set(Topic.objects.filter(slug__in=topics))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def idea_payload(**overrides):
    """A valid body for ``POST ideas/``."""
    data = {
        "group_name": "Zielone Podwórko",
        "leader_name": "Anna Testowa",
        "email": "anna@example.org",
        "birth_year": YEAR - 19,
        "members_count": 5,
        "title": "Ogród na podwórku",
        "description": "Chcemy zamienić zaniedbane podwórko w ogród sąsiedzki z ławkami.",
        "needs": ["materialy", "mentoring"],
        "district": "zagorze",
        "consents": {"terms": True},
    }
    data.update(overrides)
    return data


# --- E-mails -------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"token=([A-Za-z0-9_-]+)")


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def token_from(message):
    """The token of the first link in an e-mail body."""
    match = TOKEN_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def link_token(message, path):
    """The token of the link to ``path`` in an e-mail body."""
    for line in message.body.splitlines():
        if path in line:
            match = TOKEN_RE.search(line)
            if match:
                return match.group(1)
    raise AssertionError(f"no {path} link in: {message.body}")


def confirm_token(email):
    """The token of the latest booking e-mail-confirmation link sent to ``email``."""
    message = [
        m for m in mail.outbox if m.to == [email.strip().lower()] and "/warsztaty/potwierdz-zapis/" in m.body
    ][-1]
    return link_token(message, "/warsztaty/potwierdz-zapis/")


# --- Rooms (initiatives.rooms) ---------------------------------------------------------------


def next_weekday(weekday, after_days=7):
    """The first date with ``weekday`` (0 = Monday) at least ``after_days`` from today."""
    day = timezone.localdate() + timedelta(days=after_days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def at(day, hour, minute=0):
    """``day`` at ``hour:minute`` in the centre's time zone."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_room(name="Sala warsztatowa", *, capacity=20, opens=8, closes=21, weekdays=range(7), **fields):
    """A bookable room open ``opens``–``closes`` on ``weekdays``."""
    from datetime import time

    from initiatives.rooms.models import Room, RoomOpeningHours

    n = uuid.uuid4().hex[:6]
    room = Room.objects.create(name=name, slug=f"sala-{n}", capacity=capacity, **fields)
    for weekday in weekdays:
        RoomOpeningHours.objects.create(room=room, weekday=weekday, opens=time(opens), closes=time(closes))
    return room


def make_house_rules(text="Sprzątamy po sobie. Cisza nocna od 22:00.", **fields):
    from initiatives.rooms.models import HouseRules

    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    return HouseRules.objects.create(text=text, **fields)


def make_equipment(slug="rzutnik", name="Rzutnik", quantity=1):
    from initiatives.rooms.models import Equipment

    return Equipment.objects.create(slug=slug, name=name, quantity=quantity)


def room_request(room, rules, starts_at, ends_at, **overrides):
    """Keyword arguments of ``initiatives.rooms.services.request_booking`` for a valid request."""
    values = {
        "room_id": room.pk,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "organiser_kind": "informal_group",
        "organiser_name": "Klub Planszówkowy Pogoń",
        "contact_name": "Anna Organizatorka",
        "contact_email": "anna@example.org",
        "contact_phone": "500 600 700",
        "purpose": "Spotkanie klubu gier planszowych",
        "participants": 12,
        "house_rules": rules.version,
    }
    values.update(overrides)
    return values


def room_booking_payload(room, rules, starts_at, ends_at, **overrides):
    """A valid ``POST room-bookings/`` body."""
    payload = {
        "room": room.pk,
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "purpose": "Spotkanie klubu gier planszowych",
        "participants": 12,
        "organiser": {"kind": "informal_group", "name": "Klub Planszówkowy Pogoń"},
        "contact": {"name": "Anna Organizatorka", "email": "anna@example.org", "phone": "500 600 700"},
        "equipment": [],
        "fees_charged": False,
        "house_rules": rules.version,
    }
    payload.update(overrides)
    return payload


def make_room_booking(room, rules, starts_at, ends_at=None, *, status="requested", confirmed=True, **fields):
    """A room booking stored directly (any status, any time, past ones too), as staff see it."""
    from home.services import next_reference
    from initiatives.rooms.models import RoomBooking

    ends_at = ends_at or starts_at + timedelta(hours=2)
    values = {
        k: v
        for k, v in room_request(room, rules, starts_at, ends_at).items()
        if k not in {"room_id", "house_rules"}
    }
    values.update(fields)
    values.setdefault("email_confirmed_at", timezone.now() if confirmed else None)
    return RoomBooking.objects.create(
        reference=next_reference("CAS-S"), room=room, house_rules=rules, status=status, **values
    )


def room_form(rules, on, start="17:00", end="19:00", **overrides):
    """A valid POST of the website's room request form (``/sale/<slug>/rezerwuj/``)."""
    data = {
        "organiser_kind": "informal_group",
        "organiser_name": "Klub Planszówkowy Pogoń",
        "contact_name": "Anna Organizatorka",
        "contact_email": "anna@example.org",
        "contact_phone": "500 600 700",
        "day": on.isoformat(),
        "starts_at": start,
        "ends_at": end,
        "repeat": "",
        "until": "",
        "purpose": "Spotkanie klubu gier planszowych",
        "participants": "12",
        "fees_charged": "nie",
        "house_rules": "on",
        "rules_version": str(rules.version),
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
# --- The partner portal (volunteers.partners) ------------------------------------------------

#: The password every partner account made here has.
PARTNER_PASSWORD = "Haslo-Partnera-2026!"
_partner_numbers = count(1)


def make_partner(organisation=None, *, role="manager", email=None, totp=True, **fields):
    """A partner account (login: its e-mail) with an active membership of ``organisation`` and,
    with ``totp``, a confirmed TOTP device. Returns the membership."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from volunteers.partners.models import Membership

    organisation = organisation or make_organisation()
    email = (email or f"partner{next(_partner_numbers)}@example.org").lower()
    user = get_user_model().objects.filter(username=email).first() or get_user_model().objects.create_user(
        username=email, email=email, password=PARTNER_PASSWORD, first_name="Ola", last_name="Partnerska"
    )
    if totp and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="CAS portal partnerów", confirmed=True)
    return Membership.objects.create(user=user, organisation=organisation, role=role, **fields)


def totp_code(device) -> str:
    """The code an authenticator app shows now for ``device`` (django-otp's TOTP), or the next one
    when the current one was used already (django-otp accepts one step ahead, never a code twice)."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    totp.time = device.t0 + (step - device.drift) * device.step + 1
    return f"{totp.token():0{device.digits}d}"


def partner_login(client, membership, *, verify=True):
    """Sign ``membership``'s person in through the portal's pages (password, then the code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    response = client.post(
        "/partnerzy/logowanie/", {"username": membership.user.email, "password": PARTNER_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    if verify:
        device = TOTPDevice.objects.get(user=membership.user, confirmed=True)
        response = client.post("/partnerzy/drugi-skladnik/", {"code": totp_code(device)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def partner_token(membership, role=None, **kwargs):
    """A live personal access token of the partner API for ``membership`` (the raw value)."""
    from volunteers.partners import services as partner_services

    _token, raw = partner_services.create_token(
        membership, name="Strona fundacji", role=role or membership.role, **kwargs
    )
    return raw


# --- Youth projects co-organised with CAS --------------------------------------------------


def project_proposal(**overrides):
    """What an organisation tells CAS about a youth project (``volunteers.services.ProjectProposal``)."""
    values = {
        "title": "Letnia akademia liderów",
        "description": "Tydzień warsztatów dla młodzieży z Pogoni.\n\nNa koniec młodzi planują własną akcję.",
        "age_min": 14,
        "age_max": 18,
        "needs": ["sala", "promocja-w-szkolach", "mentoring"],
        "starts_on": timezone.localdate() + timedelta(days=30),
        "ends_on": timezone.localdate() + timedelta(days=37),
    }
    values.update(overrides)
    return directory_services.ProjectProposal(**values)


def make_youth_project(organisation=None, proposer=None, *, status=None, **overrides):
    """A proposed youth project, moved on by CAS (``by=None``) to ``status``."""
    project = directory_services.propose_project(
        organisation or make_organisation(), proposer, project_proposal(**overrides)
    )
    P = ProjectStatus
    if status == P.DECLINED:
        directory_services.decide_project(project, P.DECLINED, by=None, comment="Tym razem nie.")
    if status in (P.ACCEPTED, P.RUNNING, P.FINISHED):
        directory_services.decide_project(project, P.ACCEPTED, by=None)
    if status in (P.RUNNING, P.FINISHED):
        directory_services.start_project(project, by=None)
    if status == P.FINISHED:
        directory_services.finish_project(project, by=None)
    return project
