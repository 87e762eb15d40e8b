"""Demo content of the initiatives app: /inicjatywy/, six success stories and eight idea submissions.

All people, groups and e-mail addresses are made up (addresses at example.org).
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from home.models import District
from home.seed_utils import demo_image, ensure_child, home_page
from home.services import next_reference
from initiatives.choices import EventKind, PeopleShown, SubmissionStatus
from initiatives.models import (
    IdeaSubmission,
    IdeaSubmissionEvent,
    InitiativeIndexPage,
    SuccessStoryImage,
    SuccessStoryPage,
    Topic,
)
from initiatives.services import TERMS_VERSION

WARSAW = ZoneInfo("Europe/Warsaw")
S = SubmissionStatus


def paragraph(html):
    return ("paragraph", html)


def figure(number, label):
    return ("figure", {"number": number, "label": label})


STORIES = [
    {
        "slug": "ogrod-deszczowy-na-zagorzu",
        "title": "Ogród deszczowy na Zagórzu",
        "intro": "Pięcioro licealistów zamieniło zalewany kawałek trawnika przy bloku w ogród, który zatrzymuje deszczówkę.",
        "group_name": "Zielone Zagórze",
        "members_count": 5,
        "age_min": 16,
        "age_max": 18,
        "district": "zagorze",
        "year": 2025,
        "topics": ["ekologia", "sasiedztwo"],
        "problem": "Po każdej burzy trawnik między blokami zamieniał się w bajoro, a woda spływała prosto do kanalizacji.",
        "body": [
            paragraph(
                "<p>Grupa zaczęła od pomiarów: przez miesiąc notowała, gdzie po deszczu stoi woda. Z mentorem z CAS przygotowała prosty projekt i przedstawiła go spółdzielni.</p>"
            ),
            paragraph(
                "<p>W dwa weekendy razem z sąsiadami wykopali nieckę, nawieźli żwir i posadzili byliny, które dobrze znoszą raz suszę, raz zalanie.</p>"
            ),
        ],
        "impact": [
            figure("38", "sąsiadów pomagało przy sadzeniu"),
            figure("24 m²", "ogrodu deszczowego"),
            figure("420", "roślin posadzonych"),
        ],
        "quote_text": "Najpierw nikt nie wierzył, że się uda. Teraz sąsiedzi sami pilnują, żeby nikt nie deptał rabat.",
        "quote_author": "Zuzia, liderka grupy",
        "support_given": ["mentoring", "materialy", "sprzet"],
        "photos": [
            (
                "Sadzenie roślin w ogrodzie deszczowym",
                PeopleShown.MINORS,
                "Młodzież sadzi byliny w świeżo wykopanej niecy ogrodu deszczowego",
            )
        ],
    },
    {
        "slug": "kino-pod-chmurka-w-srodule",
        "title": "Kino pod chmurką w Środuli",
        "intro": "Wakacyjne pokazy filmów na skwerze przyciągnęły całe rodziny — organizowała je grupa gimnazjalnych przyjaciół.",
        "group_name": "Ekipa z Kalinowej",
        "members_count": 7,
        "age_min": 14,
        "age_max": 17,
        "district": "srodula",
        "year": 2025,
        "topics": ["kultura", "sasiedztwo"],
        "problem": "Latem na osiedlu nie działo się nic, a młodsze dzieci spędzały wieczory przed ekranami w domach.",
        "body": [
            paragraph(
                "<p>Grupa wybrała filmy w głosowaniu wśród sąsiadów, zdobyła zgodę administracji na korzystanie ze skweru i przygotowała plakaty.</p>"
            ),
            paragraph(
                "<p>CAS pożyczyło projektor i nagłośnienie, a mentorka pomogła sprawdzić licencje na publiczne pokazy.</p>"
            ),
        ],
        "impact": [figure("6", "seansów w wakacje"), figure("ok. 300", "widzów łącznie")],
        "quote_text": "Na ostatnim seansie zabrakło koców. W przyszłym roku bierzemy więcej!",
        "quote_author": "Bartek, członek grupy",
        "support_given": ["sprzet", "promocja", "mentoring"],
        "photos": [
            (
                "Seans kina plenerowego o zmierzchu",
                PeopleShown.NONE,
                "Ekran na skwerze o zmierzchu, przed nim rzędy leżaków",
            )
        ],
    },
    {
        "slug": "turniej-streetballa-w-pogoni",
        "title": "Turniej streetballa w Pogoni",
        "intro": "Szkolne boisko ożyło w sobotę: 16 drużyn, sędziowie z klubu i grill od rodziców.",
        "group_name": "Pogoń Streetball",
        "members_count": 4,
        "age_min": 17,
        "age_max": 19,
        "district": "pogon",
        "year": 2024,
        "topics": ["sport"],
        "problem": "Boisko przy szkole stało puste w weekendy, a młodzież z dzielnicy nie miała gdzie grać w zorganizowane rozgrywki.",
        "body": [
            paragraph(
                "<p>Grupa napisała regulamin, zebrała zgłoszenia drużyn przez formularz i zaprosiła sędziów z lokalnego klubu koszykówki.</p>"
            )
        ],
        "impact": [figure("16", "drużyn w turnieju"), figure("64", "zawodniczek i zawodników")],
        "quote_text": "Nauczyliśmy się, że organizacja to więcej pracy niż sama gra — ale było warto.",
        "quote_author": "Michał, lider grupy",
        "support_given": ["promocja", "finansowanie"],
        "photos": [
            (
                "Mecz streetballa na szkolnym boisku",
                PeopleShown.ADULTS,
                "Dwie drużyny walczą o piłkę pod koszem na szkolnym boisku",
            )
        ],
    },
    {
        "slug": "biblioteczka-sasiedzka-w-sielcu",
        "title": "Biblioteczka sąsiedzka w Sielcu",
        "intro": "Stara szafa, farba i dobre chęci: przy przystanku stanęła biblioteczka, z której co tydzień znikają dziesiątki książek.",
        "group_name": "Czytelnicy z Sielca",
        "members_count": 6,
        "age_min": 13,
        "age_max": 15,
        "district": "sielec",
        "year": 2024,
        "topics": ["edukacja", "sasiedztwo"],
        "problem": "Najbliższa filia biblioteki jest daleko, a wielu mieszkańców miało w domach książki, których już nie czytało.",
        "body": [
            paragraph(
                "<p>Grupa odnowiła szafę w sali CAS, zabezpieczyła ją przed deszczem i ustaliła z radą osiedla miejsce przy przystanku.</p>"
            )
        ],
        "impact": [figure("250", "książek w obiegu"), figure("12", "dyżurów porządkowych")],
        "quote_text": "Najfajniejsze jest to, że ludzie zostawiają w książkach karteczki z poleceniami.",
        "quote_author": "Kasia, członkini grupy",
        "support_given": ["sala", "materialy"],
        "photos": [
            (
                "Biblioteczka przy przystanku",
                PeopleShown.NONE,
                "Kolorowa szafa z książkami stojąca przy wiacie przystanku",
            )
        ],
    },
    {
        "slug": "opowiesci-z-kazimierza",
        "title": "Opowieści z Kazimierza",
        "intro": "Młodzież nagrała rozmowy z najstarszymi mieszkańcami dzielnicy i zrobiła z nich podcast oraz wystawę.",
        "group_name": "Kazimierz Pamięta",
        "members_count": 5,
        "age_min": 15,
        "age_max": 18,
        "district": "kazimierz-gorniczy",
        "year": 2023,
        "topics": ["historia", "kultura"],
        "problem": "Historia górniczej dzielnicy odchodziła razem z jej najstarszymi mieszkańcami, a młodzi prawie jej nie znali.",
        "body": [
            paragraph(
                "<p>Grupa przygotowała pytania, nauczyła się nagrywać dźwięk na warsztatach w CAS i odwiedziła dwanaścioro seniorów.</p>"
            ),
            paragraph(
                "<p>Z nagrań powstało sześć odcinków podcastu i wystawa zdjęć z rodzinnych albumów w domu kultury.</p>"
            ),
        ],
        "impact": [
            figure("12", "rozmów z seniorami"),
            figure("6", "odcinków podcastu"),
            figure("1", "wystawa"),
        ],
        "quote_text": "Pan Henryk opowiadał o kopalni tak, że słuchaliśmy bez przerwy dwie godziny.",
        "quote_author": "Julia, liderka grupy",
        "support_given": ["sprzet", "mentoring", "promocja"],
        "photos": [
            (
                "Nagranie rozmowy z seniorem",
                PeopleShown.ADULTS,
                "Starszy mężczyzna opowiada, przed nim mikrofon na statywie",
            )
        ],
    },
    {
        "slug": "schronisko-na-wiosne",
        "title": "Schronisko na wiosnę",
        "intro": "Zbiórka karmy, koców i wspólne sprzątanie wybiegów — klasa z Niwki pomogła schronisku przetrwać zimę.",
        "group_name": "Łapa w Łapę",
        "members_count": 9,
        "age_min": 14,
        "age_max": 16,
        "district": "niwka",
        "year": 2026,
        "topics": ["zwierzeta", "pomoc"],
        "problem": "Zimą schronisku brakowało karmy i koców, a wolontariuszy do spacerów z psami było zbyt mało.",
        "body": [
            paragraph(
                "<p>Grupa zorganizowała zbiórkę w trzech szkołach, a w sali CAS przez tydzień segregowała dary i przygotowywała paczki.</p>"
            )
        ],
        "impact": [figure("420 kg", "karmy zebranej w zbiórce"), figure("85", "koców i legowisk")],
        "quote_text": "Każdy pies, z którym byliśmy na spacerze, ma już nowy dom.",
        "quote_author": "Wiktoria, członkini grupy",
        "support_given": ["sala", "promocja"],
        "photos": [
            ("Zbiórka dla schroniska", PeopleShown.NONE, "Stos worków z karmą i poukładane koce w sali CAS")
        ],
    },
]

SUBMISSIONS = [
    # (group, leader, e-mail, age, title, district, needs, status, submitted, messages)
    (
        "Rowerowa Porąbka",
        "Natalia Kowalczyk",
        "natalia.k@example.org",
        15,
        "Mapa bezpiecznych tras rowerowych",
        "porabka",
        ["mentoring", "promocja"],
        S.PENDING_GUARDIAN,
        date(2026, 11, 20),
        [],
    ),
    (
        "Planszówkowy Klimontów",
        "Adam Zieliński",
        "adam.z@example.org",
        19,
        "Wieczory gier planszowych dla sąsiadów",
        "klimontow",
        ["sala", "materialy"],
        S.SUBMITTED,
        date(2026, 11, 12),
        [],
    ),
    (
        "Mural dla Milowic",
        "Ewa Nowicka",
        "ewa.n@example.org",
        22,
        "Mural na ścianie dawnej piekarni",
        "milowice",
        ["materialy", "finansowanie"],
        S.CONSULTATION,
        date(2026, 10, 3),
        [
            (
                S.CONSULTATION,
                "Zapraszamy na spotkanie w CAS, omówimy projekt muralu i zgody właściciela budynku.",
            )
        ],
    ),
    (
        "Młodzi dla Seniorów",
        "Tomasz Wójcik",
        "tomasz.w@example.org",
        17,
        "Lekcje obsługi smartfonów dla seniorów",
        "sielec",
        ["sala", "sprzet"],
        S.SUPPORTED,
        date(2026, 6, 14),
        [
            (S.CONSULTATION, "Dziękujemy za pomysł! Spotkajmy się w przyszłym tygodniu."),
            (S.SUPPORTED, "Udostępnimy salę we wtorki i pięć tabletów. Powodzenia!"),
        ],
    ),
    (
        "Ekipa z Kalinowej",
        "Bartosz Lis",
        "bartosz.l@example.org",
        17,
        "Kino pod chmurką w Środuli",
        "srodula",
        ["sprzet", "promocja", "mentoring"],
        S.REALISED,
        date(2025, 4, 8),
        [
            (S.CONSULTATION, "Porozmawiajmy o licencjach i miejscu pokazów."),
            (S.SUPPORTED, "Pożyczymy projektor i nagłośnienie."),
            (S.REALISED, "Gratulacje! Chcielibyśmy opisać Wasze kino jako historię sukcesu."),
        ],
    ),
    (
        "Skwer bez Śmieci",
        "Paulina Mazur",
        "paulina.m@example.org",
        20,
        "Sprzątanie skweru i nowe kosze",
        "zawodzie",
        ["materialy"],
        S.REALISED,
        date(2025, 3, 2),
        [
            (S.CONSULTATION, "Zapraszamy na rozmowę."),
            (S.SUPPORTED, "Zapewnimy rękawice, worki i kontakt ze spółdzielnią."),
            (S.REALISED, "Dziękujemy za świetną akcję!"),
        ],
    ),
    (
        "Drift Team",
        "Krzysztof Dudek",
        "krzysztof.d@example.org",
        18,
        "Wyścigi samochodowe na parkingu",
        "maczki",
        ["finansowanie"],
        S.REJECTED,
        date(2026, 5, 20),
        [
            (
                S.REJECTED,
                "Niestety nie możemy wesprzeć wydarzenia, które zagraża bezpieczeństwu. Zapraszamy z innym pomysłem!",
            )
        ],
    ),
    (
        "Chór z Modrzejowa",
        "Magdalena Krawczyk",
        "magdalena.k@example.org",
        24,
        "Koncert kolęd na rynku",
        "modrzejow",
        ["promocja", "sala"],
        S.WITHDRAWN,
        date(2025, 11, 5),
        [
            (S.CONSULTATION, "Zapraszamy na rozmowę o terminach prób."),
            (S.WITHDRAWN, "Wycofujemy zgłoszenie na prośbę grupy — czekamy na Was w przyszłym roku."),
        ],
    ),
]


def seed_index():
    return ensure_child(
        home_page(),
        InitiativeIndexPage,
        "inicjatywy",
        title="Inicjatywy",
        intro="Historie grup nieformalnych, które z pomocą CAS zrealizowały swoje pomysły w Sosnowcu.",
        show_in_menus=True,
    )


#: Which demo organisations of the directory took part in which demo story.
STORY_PARTNERS = {
    "ogrod-deszczowy-na-zagorzu": ["fundacja-zielony-zaulek"],
    "kino-pod-chmurka-w-srodule": ["stowarzyszenie-mlodzi-dzialaja"],
    "turniej-streetballa-w-pogoni": ["klub-sportowy-sosnowa-przystan"],
    "biblioteczka-sasiedzka-w-sielcu": ["fundacja-czytajmy-razem"],
    "opowiesci-z-kazimierza": ["fundacja-pamiec-zaglebia"],
    "schronisko-na-wiosne": ["schronisko-przyjaciel-z-klatki"],
}


def link_partners(story):
    """Link a story to its demo partner organisations once (the directory is seeded first)."""
    from volunteers.models import Organisation

    slugs = STORY_PARTNERS.get(story.slug, [])
    if not slugs or story.partner_organisations.exists():
        return
    story.partner_organisations.set(Organisation.objects.filter(slug__in=slugs, live=True))
    story.save_revision().publish()


def seed_story(index, data):
    existing = index.get_children().filter(slug=data["slug"]).first()
    if existing:
        link_partners(existing.specific)
        return existing.specific
    photos = [
        SuccessStoryImage(
            image=demo_image(title, seed=number, label=None),
            alt_text=alt,
            people_shown=people,
            people_consent=people != PeopleShown.NONE,
            guardian_consent=people == PeopleShown.MINORS,
            consent_note="" if people == PeopleShown.NONE else "Pisemne zgody w segregatorze CAS (demo)",
        )
        for number, (title, people, alt) in enumerate(data["photos"])
    ]
    fields = {k: v for k, v in data.items() if k not in {"slug", "photos", "topics", "district"}}
    story = ensure_child(
        index,
        SuccessStoryPage,
        data["slug"],
        **fields,
        district=District.objects.get(slug=data["district"]),
        topics=list(Topic.objects.filter(slug__in=data["topics"])),
        gallery_images=photos,
    )
    link_partners(story)
    return story


def seed_submission(row):
    group, leader, email, age, title, district, needs, status, submitted, messages = row
    existing = IdeaSubmission.objects.filter(title=title, group_name=group).first()
    if existing:
        return existing
    when = datetime.combine(submitted, time(17, 30), tzinfo=WARSAW)
    submission = IdeaSubmission.objects.create(
        reference=next_reference(),
        status=status,
        group_name=group,
        members_count=4 + len(title) % 6,
        age_min=max(13, age - 2),
        age_max=age + 1,
        leader_name=leader,
        email=email,
        birth_year=submitted.year - age,
        guardian_email="opiekun.porabka@example.org" if status == S.PENDING_GUARDIAN else "",
        title=title,
        description=f"{title}: chcemy to zrobić razem z sąsiadami, a CAS prosimy o pomoc w przygotowaniach.",
        needs=needs,
        funding_amount=1200 if "finansowanie" in needs else None,
        district=District.objects.get(slug=district),
        consent_terms_version=TERMS_VERSION,
        consent_given_at=when,
    )
    first = S.PENDING_GUARDIAN if status == S.PENDING_GUARDIAN else S.SUBMITTED
    events = [IdeaSubmissionEvent(submission=submission, kind=EventKind.CREATED, to_status=first)]
    current = first
    for target, message in messages:
        events.append(
            IdeaSubmissionEvent(
                submission=submission,
                kind=EventKind.STATUS,
                from_status=current,
                to_status=target,
                message=message,
            )
        )
        current = target
    IdeaSubmissionEvent.objects.bulk_create(events)
    IdeaSubmission.objects.filter(pk=submission.pk).update(submitted_at=when)
    IdeaSubmissionEvent.objects.filter(submission=submission).update(created_at=when)
    return submission


def seed(out):
    index = seed_index()
    out.write("  strona: Inicjatywy")
    stories = {data["slug"]: seed_story(index, data) for data in STORIES}
    out.write(f"  historie sukcesu: {len(stories)}")
    submissions = [seed_submission(row) for row in SUBMISSIONS]
    cinema = next(s for s in submissions if s.title == "Kino pod chmurką w Środuli")
    SuccessStoryPage.objects.filter(slug="kino-pod-chmurka-w-srodule", submission__isnull=True).update(
        submission=cinema
    )
    out.write(f"  zgłoszone pomysły: {len(submissions)} (różne statusy)")
