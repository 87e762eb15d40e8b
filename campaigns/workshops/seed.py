"""Demo content of the workshops module: /warsztaty/ with six workshops and their sessions.

Dates are relative to the day of the first run; running again changes nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from campaigns.models import CampaignPage
from campaigns.workshops.choices import Audience, BookingStatus, Topic
from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from home.seed_utils import demo_image, ensure_child, home_page
from home.services import next_reference


def paragraph(html):
    return {"type": "paragraph", "value": html}


#: slug, title, lead, body, topic, audiences, ages, trainers, to bring,
#: sessions as (days from today, start hour, hours, capacity, taken, waiting)
WORKSHOPS = [
    (
        "jak-zalozyc-grupe-nieformalna",
        "Jak założyć grupę nieformalną",
        "Od pomysłu przy kawie do działającej grupy: role, zasady i pierwsze małe zwycięstwo.",
        "<p>Pokażemy, jak zebrać kilka osób wokół wspólnej sprawy, podzielić się zadaniami i "
        "umówić zasady, które pomagają, a nie przeszkadzają. Przećwiczymy pierwsze spotkanie grupy "
        "i zaplanujemy działanie na najbliższy miesiąc.</p>",
        Topic.CIVIC,
        [Audience.SECONDARY, Audience.ADULTS],
        (15, None),
        "Magdalena Przykładowa, Tomasz Wzorcowy",
        "Notes i długopis; jeśli masz już pomysł — zabierz go ze sobą.",
        [(6, 17, 2, 16, 4, 0), (27, 17, 2, 16, 0, 0)],
    ),
    (
        "projekt-spoleczny-od-pomyslu-do-realizacji",
        "Projekt społeczny od pomysłu do realizacji",
        "Warsztat dla młodzieży, która chce coś zmienić w swojej szkole lub dzielnicy.",
        "<p>Krok po kroku: diagnoza potrzeb, cel, plan działań, budżet i promocja. Uczestnicy "
        "pracują w zespołach nad własnymi pomysłami, a na koniec prezentują je przed grupą.</p>",
        Topic.PROJECTS,
        [Audience.GRADES_4_8, Audience.SECONDARY],
        (13, 19),
        "Anna Testowa",
        "Nic — materiały zapewniamy.",
        [(9, 16, 3, 12, 11, 0)],  # prawie pełny
    ),
    (
        "wolontariat-pierwsze-kroki",
        "Wolontariat – pierwsze kroki",
        "Jak znaleźć miejsce, w którym Twoja pomoc naprawdę się przyda, i jak o siebie zadbać.",
        "<p>Opowiemy o prawach i obowiązkach wolontariusza, porozumieniu wolontariackim i o tym, "
        "jak korzystać z naszej bazy ofert. Goście z sosnowieckich organizacji opowiedzą, "
        "kogo teraz szukają.</p>",
        Topic.VOLUNTEERING,
        [Audience.SECONDARY, Audience.ADULTS],
        (13, None),
        "Karolina Próbna",
        "",
        [(4, 18, 2, 20, 6, 0), (18, 11, 2, 20, 0, 0)],
    ),
    (
        "media-spolecznosciowe-dla-lokalnych-inicjatyw",
        "Media społecznościowe dla lokalnych inicjatyw",
        "Jak opowiadać o swoim działaniu tak, żeby ludzie chcieli dołączyć.",
        "<p>Zdjęcia telefonem, krótkie filmy, proste grafiki i kalendarz publikacji. Rozmawiamy też "
        "o wizerunku osób niepełnoletnich i o tym, czego nie publikować.</p>",
        Topic.MEDIA,
        [Audience.SECONDARY, Audience.ADULTS],
        (15, None),
        "Piotr Demonstracyjny",
        "Naładowany telefon.",
        [(12, 17, 2, 8, 8, 3)],  # pełny, z listą rezerwową
    ),
    (
        "eko-akcja-w-twojej-dzielnicy",
        "Eko-akcja w Twojej dzielnicy",
        "Zaplanuj sprzątanie, nasadzenia albo wymiankę rzeczy razem z sąsiadami.",
        "<p>Uczniowie klas 4–8 poznają proste sposoby dbania o najbliższą okolicę i przygotowują "
        "plan własnej akcji. Udział osób poniżej 16 lat wymaga zgody opiekuna.</p>",
        Topic.ECOLOGY,
        [Audience.GRADES_4_8, Audience.PARENTS],
        (10, 15),
        "Ewa Przykładowa",
        "Wygodne ubranie — część zajęć odbędzie się w parku.",
        [(15, 10, 3, 15, 3, 0)],
    ),
    (
        "komunikacja-w-zespole",
        "Rozmowa, która działa: komunikacja w zespole",
        "Dla nauczycieli, rodziców i liderów grup, którzy chcą lepiej wspierać młodych.",
        "<p>Ćwiczymy słuchanie, udzielanie informacji zwrotnej i rozwiązywanie konfliktów w grupie. "
        "Dużo praktyki, mało teorii.</p>",
        Topic.SKILLS,
        [Audience.TEACHERS, Audience.PARENTS, Audience.ADULTS],
        (18, None),
        "Jan Wzorcowy",
        "",
        [(21, 17, 3, 14, 2, 0)],
    ),
]

FIRST_NAMES = [
    "Ala",
    "Bartek",
    "Celina",
    "Damian",
    "Ewelina",
    "Filip",
    "Gosia",
    "Hubert",
    "Iga",
    "Julek",
    "Kinga",
]


def _add_bookings(session, taken, waiting):
    now = timezone.now()
    for i in range(taken + waiting):
        name = FIRST_NAMES[i % len(FIRST_NAMES)]
        Booking.objects.create(
            session=session,
            reference=next_reference(),
            status=BookingStatus.CONFIRMED if i < taken else BookingStatus.WAITING_LIST,
            name=f"{name} Przykładowa(y)",
            email=f"{name.lower()}.{session.pk}.{i}@example.org",
            birth_year=2000,
            terms_accepted_at=now,
            queued_at=now + timedelta(seconds=i),
        )


def seed(out):
    home = home_page()
    index = ensure_child(
        home,
        WorkshopIndexPage,
        "warsztaty",
        title="Warsztaty i szkolenia",
        intro="Bezpłatne warsztaty dla młodzieży, grup nieformalnych, nauczycieli i rodziców. "
        "Zapisz się online, a potwierdzenie z plikiem do kalendarza przyjdzie e-mailem.",
        show_in_menus=True,
    )
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for number, (slug, title, lead, body, topic, audiences, ages, trainers, bring, sessions) in enumerate(
        WORKSHOPS, start=1
    ):
        page = ensure_child(
            index,
            WorkshopPage,
            slug,
            title=title,
            intro=lead,
            body=[paragraph(body)],
            topic=topic,
            audiences=list(audiences),
            min_age=ages[0],
            max_age=ages[1],
            trainers=trainers,
            what_to_bring=bring,
            accessibility="Sala na parterze, podjazd dla wózków, toaleta dostosowana. "
            "Jeśli potrzebujesz tłumacza PJM, napisz do nas tydzień wcześniej.",
            image=demo_image(f"Warsztaty: {title}", seed=number),
            image_alt=f"Ilustracja do warsztatu „{title}”",
        )
        if WorkshopSession.objects.filter(page=page).exists():
            continue
        for days, hour, hours, capacity, taken, waiting in sessions:
            starts = datetime.combine(today + timedelta(days=days), time(hour), tz)
            session = WorkshopSession.objects.create(
                page=page,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                capacity=capacity,
            )
            _add_bookings(session, taken, waiting)
        out.write(f"  warsztat: {title} ({len(sessions)} termin(y))")
    link_campaigns(out)


#: Demo links: campaign slug → the slugs of its related workshops.
CAMPAIGN_WORKSHOPS = {
    "bezpieczny-internet": ["media-spolecznosciowe-dla-lokalnych-inicjatyw"],
    "wolontariat-w-szkole": ["wolontariat-pierwsze-kroki"],
    "mlodziezowa-rada-miasta": [
        "jak-zalozyc-grupe-nieformalna",
        "projekt-spoleczny-od-pomyslu-do-realizacji",
    ],
    "ekologia-w-miescie": ["eko-akcja-w-twojej-dzielnicy"],
}


def link_campaigns(out):
    """Link the demo campaigns (seeded before this app, CAS_APPS order) to their workshops, once."""
    for slug, workshop_slugs in CAMPAIGN_WORKSHOPS.items():
        page = CampaignPage.objects.filter(slug=slug).first()
        if page is None or page.related_workshops.exists():
            continue
        page.related_workshops.set(WorkshopPage.objects.filter(slug__in=workshop_slugs))
        page.save_revision().publish()
    out.write("  kampanie: powiązane warsztaty")
