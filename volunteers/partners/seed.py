"""Demo content of the partner portal: two organisations of the demo directory with their people,
offers, applications in several states, a youth project co-organised with CAS and a profile change
waiting for the coordinators.

- Fundacja Zielony Zaułek: a manager and a member; its two open offers have applications that
  are new, accepted, declined and completed; a change of its profile waits in the moderation
  workflow ("Moderacja zmian partnerów"), where the coordinators see it in the admin.
- Stowarzyszenie Młodzi Działają: a manager; a second offer it sent to CAS and CAS approved
  through the workflow (so it is live); applications in contact, new and withdrawn; a youth
  project its manager proposed and CAS accepted with a comment, linked to its offers.

Every account logs in with its e-mail address and ``DEMO_PASSWORD`` and has a confirmed TOTP
device whose secret is fixed (``totp_key``), so ``make run`` can print it for an authenticator
app (``manage.py partner_demo_logins``; ``--codes`` prints the current codes instead). These are
demo logins, as public as the demo admin's: never load the demo content into a real database.

Everything else goes through the services, as the portal would do it: applications are made by
``apply_to_opportunity`` and answered by ``change_application_status`` (the manager in the portal,
the volunteer withdrawing), the offer and the profile change by the moderated changes, the project
by ``propose_project`` and CAS's ``decide_project``. The e-mails they queue are dropped: the demo
people are made up and get no mail.

Idempotent: an account is recognised by its login, an application by volunteer and offer, the
new offer by its title, the project by its title, the profile change by its author.
"""

import hashlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Revision

from cas_site.errors import DomainError
from home.models import OutgoingEmail
from volunteers.choices import Benefit, Commitment, ProjectNeed, ProjectStatus
from volunteers.models import Opportunity, Organisation, YouthProject
from volunteers.partners.choices import Role
from volunteers.partners.models import Membership
from volunteers.partners.services import DEVICE_NAME
from volunteers.people.choices import ApplicationStatus, Channel
from volunteers.people.models import Application, Volunteer
from volunteers.people.services import apply_to_opportunity, change_application_status
from volunteers.services import (
    ProjectProposal,
    create_opportunity,
    decide_project,
    link_project,
    propose_project,
    submit_organisation_change,
)

#: The password of every demo partner account (printed by ``make run``).
DEMO_PASSWORD = "partner-demo-2026"  # noqa: S105 - the documented local demo login

ZAULEK = "fundacja-zielony-zaulek"
MLODZI = "stowarzyszenie-mlodzi-dzialaja"


@dataclass(frozen=True)
class Partner:
    organisation: str  # the slug of a demo organisation (volunteers/seed.py)
    email: str
    first_name: str
    last_name: str
    role: str


PARTNERS = [
    Partner(ZAULEK, "anna.zaulek@example.org", "Anna", "Zielińska", Role.MANAGER),
    Partner(ZAULEK, "piotr.zaulek@example.org", "Piotr", "Ogrodowy", Role.MEMBER),
    Partner(MLODZI, "kamil.mlodzi@example.org", "Kamil", "Młodziński", Role.MANAGER),
]


def totp_key(email: str) -> str:
    """The fixed secret (hex, as django-otp stores it) of a demo account's authenticator."""
    return hashlib.sha1(f"cas-partner-demo-2026:{email}".encode()).hexdigest()  # noqa: S324 - not a hash of a secret


def base32_key(email: str) -> str:
    """The same secret as an authenticator app takes it ("enter a setup key")."""
    return b32encode(bytes.fromhex(totp_key(email))).decode()


#: An offer Młodzi Działają sends to CAS, which approves it (title, then the offer's fields).
NEW_OFFER_TITLE = "Moderatorzy młodzieżowej debaty o budżecie obywatelskim"


def new_offer_data(today) -> dict:
    return {
        "title": NEW_OFFER_TITLE,
        "description": "Szukamy osób, które poprowadzą przy stolikach rozmowy uczniów o pomysłach do "
        "budżetu obywatelskiego Sosnowca. Przed debatą jedno spotkanie przygotowujące.",
        "skills": ["organizacja-wydarzen"],
        "areas": ["aktywnosc-obywatelska", "dzieci-i-mlodziez"],
        "district": "zagorze",
        "remote": False,
        "min_age": 16,
        "places": 6,
        "commitment": Commitment.ONE_OFF,
        "hours": "sobota 10:00–14:00 i jedno spotkanie przygotowujące",
        "starts_on": today + timedelta(days=21),
        "ends_on": today + timedelta(days=21),
        "application_deadline": today + timedelta(days=14),
        "benefits": [str(Benefit.CERTIFICATE), str(Benefit.TRAINING), str(Benefit.MEALS)],
        "requirements": "Swoboda w rozmowie z młodzieżą.",
    }


#: CAS's comment when approving the new offer in the workflow.
OFFER_APPROVAL_COMMENT = "Dziękujemy, oferta jest już w katalogu."

#: The pending profile change of Zielony Zaułek (its description gets a new paragraph).
PROFILE_ADDITION = (
    "Od tego roku prowadzimy też wymiennik sadzonek: w każdą pierwszą sobotę miesiąca "
    "na podwórku przy ul. Przykładowej 1."
)


@dataclass(frozen=True)
class Answer:
    """An application of a demo volunteer (registry seed) and what became of it."""

    volunteer: str  # the volunteer's e-mail (volunteers/people/seed.py)
    organisation: str
    offer: str  # the offer's title
    message: str
    steps: tuple = ()  # (status, message to the volunteer) in order


S = ApplicationStatus
ANSWERS = [
    Answer(
        "helena.demo@example.org",
        ZAULEK,
        "Sadzenie drzew na Pogoni",
        "Mam działkę od trzydziestu lat, chętnie pokażę młodszym, jak sadzić.",
        ((S.ACCEPTED, "Dziękujemy! Zbiórka w sobotę o 9:00 przy bramie ogrodu społecznego."),),
    ),
    Answer("iryna.demo@example.org", ZAULEK, "Sadzenie drzew na Pogoni", "Przyjdę z córką, jeśli można."),
    Answer(
        "kacper.demo@example.org",
        ZAULEK,
        "Prowadzenie profilu ogrodu społecznego",
        "Prowadzę profil szkolnej drużyny, mogę spróbować.",
        ((S.DECLINED, "Dziękujemy za zgłoszenie. Mamy już osobę do profilu, zapraszamy na sadzenie drzew!"),),
    ),
    Answer(
        "marta.demo@example.org",
        ZAULEK,
        "Prowadzenie profilu ogrodu społecznego",
        "Mogę robić zdjęcia i pisać krótkie relacje.",
        ((S.ACCEPTED, ""), (S.COMPLETED, "Dziękujemy za sezon relacji z ogrodu!")),
    ),
    Answer(
        "tomasz.demo@example.org",
        MLODZI,
        "Kampania profrekwencyjna w szkołach",
        "Robię grafiki do plakatów.",
        ((S.IN_CONTACT, "Zadzwonimy w tym tygodniu, żeby umówić pierwsze spotkanie."),),
    ),
    Answer(
        "kacper.demo@example.org",
        MLODZI,
        "Kampania profrekwencyjna w szkołach",
        "Chcę nagrać krótki film w mojej szkole.",
        ((S.WITHDRAWN, ""),),
    ),
    Answer("marta.demo@example.org", MLODZI, NEW_OFFER_TITLE, "Prowadziłam już warsztaty dla licealistów."),
]

PROJECT_TITLE = "Młodzieżowa debata o budżecie obywatelskim"
PROJECT_ACCEPTANCE = (
    "Przyjmujemy projekt. Salę konferencyjną rezerwujemy na sobotę debaty, a informację roześlemy "
    "do szkół średnich z Zagórza."
)


def _proposal(today) -> ProjectProposal:
    return ProjectProposal(
        title=PROJECT_TITLE,
        description="Uczniowie szkół średnich z Zagórza przygotowują i prowadzą debatę o pomysłach do "
        "budżetu obywatelskiego, a najlepsze zgłaszają razem z radą osiedla.",
        age_min=15,
        age_max=19,
        needs=[ProjectNeed.ROOM, ProjectNeed.SCHOOL_PROMOTION, ProjectNeed.VOLUNTEERS],
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=60),
    )


# --- Accounts -----------------------------------------------------------------------------------


def _account(partner: Partner, organisation) -> tuple[Membership, bool]:
    User = get_user_model()
    user = User.objects.filter(username__iexact=partner.email).first()
    made = user is None
    if made:
        user = User.objects.create_user(
            username=partner.email,
            email=partner.email,
            password=DEMO_PASSWORD,
            first_name=partner.first_name,
            last_name=partner.last_name,
        )
    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=totp_key(partner.email), confirmed=True)
    membership = Membership.objects.filter(
        user=user, organisation=organisation, removed_at__isnull=True
    ).first()
    if membership is None:
        membership = Membership.objects.create(user=user, organisation=organisation, role=partner.role)
    return membership, made


# --- What the organisations did -----------------------------------------------------------------


def _new_offer(organisation, manager, today):
    """Młodzi Działają's second offer: sent to CAS, approved in the workflow (now live)."""
    offer = Opportunity.objects.filter(organisation=organisation, title=NEW_OFFER_TITLE).first()
    if offer is not None:
        return offer
    offer = create_opportunity(organisation, manager, new_offer_data(today))
    offer.current_workflow_task_state.approve(user=None, comment=OFFER_APPROVAL_COMMENT)
    offer.refresh_from_db()
    return offer


def _profile_change(organisation, manager):
    """Zielony Zaułek's change of its description, waiting for the coordinators."""
    if Revision.objects.for_instance(organisation).filter(user=manager).exists():
        return
    live = Organisation.objects.get(pk=organisation.pk)
    submit_organisation_change(
        organisation, manager, {"description": f"{live.description}\n\n{PROFILE_ADDITION}"}
    )


def _answer(answer: Answer, organisations, managers) -> bool:
    """Apply as the volunteer, then move the application as the manager (or the volunteer)."""
    volunteer = Volunteer.objects.filter(email=answer.volunteer).first()
    offer = Opportunity.objects.filter(
        organisation=organisations[answer.organisation], title=answer.offer
    ).first()
    if volunteer is None or offer is None:
        return False
    if Application.objects.filter(volunteer=volunteer, opportunity=offer).exists():
        return False
    application = apply_to_opportunity(volunteer, offer.pk, answer.message)
    for status, message in answer.steps:
        if status == S.WITHDRAWN:
            change_application_status(application, status, via=Channel.VOLUNTEER)
        else:
            manager = managers[answer.organisation].user
            change_application_status(application, status, by=manager, message=message, via=Channel.PORTAL)
    return True


def _project(organisation, manager, offers, today):
    """Młodzi Działają's project: proposed by its manager, accepted by CAS with a comment and
    linked to the organisation's offers."""
    if YouthProject.objects.filter(organisation=organisation, title=PROJECT_TITLE).exists():
        return False
    project = propose_project(organisation, manager, _proposal(today))
    decide_project(project, ProjectStatus.ACCEPTED, by=None, comment=PROJECT_ACCEPTANCE)
    link_project(project, by=None, opportunities=offers)
    return True


def _step(out, label, fn, *args):
    try:
        with transaction.atomic():
            return fn(*args)
    except DomainError as error:  # the demo data was changed by hand since the first run
        out.write(f"  pominięto: {label}: {error}")
        return None


def seed(out):
    today = timezone.localdate()
    first_email = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=[ZAULEK, MLODZI])}
    if len(organisations) < 2:
        out.write("  portal partnerów: brak organizacji demonstracyjnych, pominięto")
        return
    managers, accounts = {}, 0
    for partner in PARTNERS:
        membership, made = _account(partner, organisations[partner.organisation])
        accounts += made
        if partner.role == Role.MANAGER:
            managers[partner.organisation] = membership
    mlodzi, zaulek = organisations[MLODZI], organisations[ZAULEK]
    offer = _step(out, NEW_OFFER_TITLE, _new_offer, mlodzi, managers[MLODZI].user, today)
    _step(out, "zmiana profilu", _profile_change, zaulek, managers[ZAULEK].user)
    answered = sum(
        bool(_step(out, f"zgłoszenie {a.volunteer}", _answer, a, organisations, managers)) for a in ANSWERS
    )
    offers = list(Opportunity.objects.open().filter(organisation=mlodzi).order_by("pk"))
    if offer is not None and offer not in offers:
        offers.append(offer)
    _step(out, PROJECT_TITLE, _project, mlodzi, managers[MLODZI].user, offers, today)
    # No mail to made-up people: drop what the services queued here (nothing was sent yet, the
    # outbox sends after the commit and finds the rows gone).
    OutgoingEmail.objects.filter(pk__gt=first_email).delete()
    out.write(
        f"  portal partnerów: organizacje {len(organisations)}, "
        f"konta: {Membership.objects.filter(user__username__in=[p.email for p in PARTNERS]).count()} "
        f"(nowych: {accounts}), zgłoszenia do nich: "
        f"{Application.objects.filter(opportunity__organisation__in=organisations.values()).count()} "
        f"(nowych: {answered})"
    )
