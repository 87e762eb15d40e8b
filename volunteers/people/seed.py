"""Demo volunteers of the registry: fictional people (example.org) in every status, with applications.

Idempotent: a volunteer is matched by e-mail; applications by volunteer and offer.
Ages are given relative to the current year so the minors stay minors.
"""

from datetime import timedelta

from django.utils import timezone

from home.models import District
from volunteers.models import Area, Opportunity, Skill
from volunteers.people.choices import (
    CLOSED_APPLICATION_STATUSES,
    ApplicationStatus,
    ConsentPurpose,
    GivenBy,
    VolunteerStatus,
)
from volunteers.people.models import Application, Consent, Volunteer
from volunteers.people.services import record_consent

A, PG, PC = VolunteerStatus.ACTIVE, VolunteerStatus.PENDING_GUARDIAN, VolunteerStatus.PENDING_CONFIRMATION

# first name, e-mail local part, age, district, skills, areas, availability, status, about
VOLUNTEERS = [
    (
        "Marta",
        "marta.demo",
        24,
        "zagorze",
        ["fotografia", "media-spolecznosciowe"],
        ["kultura-i-sztuka"],
        ["weekendy", "wieczory"],
        A,
        "Studiuję grafikę, chętnie udokumentuję wydarzenia.",
    ),
    (
        "Tomasz",
        "tomasz.demo",
        31,
        "pogon",
        ["prace-fizyczne", "ogrodnictwo"],
        ["ekologia", "rozwoj-lokalny"],
        ["weekendy"],
        A,
        "Mam własne narzędzia i dwie wolne soboty w miesiącu.",
    ),
    (
        "Helena",
        "helena.demo",
        67,
        "srodula",
        ["opieka-nad-seniorami", "gotowanie"],
        ["seniorzy"],
        ["dni-robocze-rano", "dni-robocze-popoludnie"],
        A,
        "Emerytowana nauczycielka, lubię rozmawiać.",
    ),
    (
        "Kacper",
        "kacper.demo",
        16,
        "srodmiescie",
        ["informatyka", "sport"],
        ["dzieci-i-mlodziez"],
        ["wakacje", "weekendy"],
        A,
        "",
    ),
    (
        "Oliwia",
        "oliwia.demo",
        15,
        "zagorze",
        ["muzyka", "animacja-czasu-wolnego"],
        ["dzieci-i-mlodziez"],
        ["dni-robocze-popoludnie"],
        PG,
        "Gram na gitarze.",
    ),
    (
        "Iryna",
        "iryna.demo",
        28,
        "srodmiescie",
        ["jezyk-ukrainski", "tlumaczenia"],
        ["migranci-i-uchodzcy"],
        ["wieczory"],
        A,
        "Pomagam w tłumaczeniach z ukraińskiego i na ukraiński.",
    ),
    (
        "Bartosz",
        "bartosz.demo",
        19,
        "pogon",
        ["organizacja-wydarzen"],
        ["aktywnosc-obywatelska"],
        ["weekendy"],
        PC,
        "",
    ),
    ("Natalia", "natalia.demo", 17, "srodula", ["pierwsza-pomoc"], ["zdrowie"], ["wakacje"], PG, ""),
]

# e-mail local part, opportunity index (in open opportunities ordered by pk), status, message
APPLICATIONS = [
    ("marta.demo", 0, ApplicationStatus.NEW, "Chętnie zrobię zdjęcia na Waszym wydarzeniu."),
    ("tomasz.demo", 1, ApplicationStatus.IN_CONTACT, "Mogę przyjść w najbliższą sobotę."),
    ("helena.demo", 2, ApplicationStatus.ACCEPTED, ""),
    ("iryna.demo", 3, ApplicationStatus.DECLINED, "Mam doświadczenie w pracy z rodzinami."),
    ("kacper.demo", 4, ApplicationStatus.WITHDRAWN, ""),
    ("marta.demo", 5, ApplicationStatus.ACCEPTED, ""),
    ("tomasz.demo", 6, ApplicationStatus.COMPLETED, "Pomogę przy sprzątaniu parku."),
]


def _volunteer(row, districts, now):
    first_name, local, age, district, skills, areas, availability, status, about = row
    email = f"{local}@example.org"
    volunteer = Volunteer.objects.filter(email=email).first()
    if volunteer:
        return volunteer, False
    minor = age < 18
    volunteer = Volunteer.objects.create(
        first_name=first_name,
        email=email,
        birth_year=now.year - age,
        district=districts.get(district),
        availability=availability,
        about=about,
        guardian_email=f"opiekun.{local}@example.org" if minor else "",
        status=status,
        confirmed_at=None if status == PC else now - timedelta(days=30),
        guardian_confirmed_at=now - timedelta(days=29) if minor and status == A else None,
    )
    volunteer.skills.set(Skill.objects.filter(slug__in=skills))
    volunteer.areas.set(Area.objects.filter(slug__in=areas))
    record_consent(volunteer, ConsentPurpose.TERMS)
    record_consent(volunteer, ConsentPurpose.DATA_PROCESSING)
    if minor and status == A:
        record_consent(volunteer, ConsentPurpose.GUARDIAN, GivenBy.GUARDIAN)
    return volunteer, True


def seed(out):
    now = timezone.now()
    districts = {d.slug: d for d in District.objects.all()}
    created = 0
    people = {}
    for row in VOLUNTEERS:
        volunteer, new = _volunteer(row, districts, now)
        people[row[1]] = volunteer
        created += new
    opportunities = list(Opportunity.objects.open().order_by("pk"))
    for local, index, status, message in APPLICATIONS:
        if not opportunities:
            break
        opportunity = opportunities[index % len(opportunities)]
        # Demo history, written as it stands (no status change happens here, so nobody is e-mailed).
        Application.objects.get_or_create(
            volunteer=people[local],
            opportunity=opportunity,
            defaults={
                "status": status,
                "message": message,
                "closed_at": now - timedelta(days=14) if status in CLOSED_APPLICATION_STATUSES else None,
            },
        )
    out.write(
        f"  wolontariusze: {Volunteer.objects.count()} (nowych: {created}), "
        f"zgłoszenia: {Application.objects.count()}, zgody: {Consent.objects.count()}"
    )
