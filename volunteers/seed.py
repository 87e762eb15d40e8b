"""Demo content of the directory: twelve fictional Sosnowiec organisations and twenty opportunities.

Every name is invented (no real organisation is meant); KRS numbers are from a
made-up range. Dates are relative to the day the seed runs, so the offers stay
open — except one, which is deliberately past its end date.
"""

from datetime import timedelta

from django.utils import timezone

from home.models import District
from home.seed_utils import demo_image
from volunteers.choices import Benefit, Commitment
from volunteers.models import Area, Opportunity, Organisation, Skill

C, T, N, R, K, P, M = (
    Benefit.CERTIFICATE,
    Benefit.TRAINING,
    Benefit.INSURANCE,
    Benefit.REFERENCES,
    Benefit.TRAVEL_COSTS,
    Benefit.MEALS,
    Benefit.MENTORING,
)

# slug, name, krs, district slug, areas, accepts volunteers, informal groups, verified, description
ORGANISATIONS = [
    (
        "fundacja-zielony-zaulek",
        "Fundacja Zielony Zaułek",
        "0000900101",
        "pogon",
        ["ekologia", "rozwoj-lokalny"],
        True,
        True,
        True,
        "Zakładamy ogrody społeczne na podwórkach Pogoni i uczymy, jak dbać o miejską zieleń.\n\n"
        "Co miesiąc organizujemy sadzenie i sprzątanie z sąsiadami.",
    ),
    (
        "stowarzyszenie-srebrna-nitka",
        "Stowarzyszenie Srebrna Nitka",
        "0000900102",
        "srodula",
        ["seniorzy", "pomoc-spoleczna"],
        True,
        False,
        True,
        "Odwiedzamy samotnych seniorów ze Środuli, pomagamy w zakupach i prowadzimy klub "
        "wspólnych popołudni.",
    ),
    (
        "fundacja-pod-jednym-dachem",
        "Fundacja Pod Jednym Dachem",
        "0000900103",
        "srodmiescie",
        ["migranci-i-uchodzcy", "edukacja"],
        True,
        True,
        True,
        "Wspieramy rodziny z Ukrainy: kursy polskiego, pomoc w sprawach urzędowych, świetlica dla dzieci.",
    ),
    (
        "klub-sportowy-sosnowa-przystan",
        "Klub Sportowy Sosnowa Przystań",
        "0000900104",
        "zagorze",
        ["sport-i-turystyka", "dzieci-i-mlodziez"],
        True,
        False,
        False,
        "Prowadzimy bezpłatne treningi piłki nożnej i unihokeja dla dzieci z Zagórza.",
    ),
    (
        "schronisko-przyjaciel-z-klatki",
        "Stowarzyszenie Przyjaciel z Klatki",
        "0000900105",
        "milowice",
        ["zwierzeta"],
        True,
        False,
        True,
        "Opiekujemy się bezdomnymi psami i kotami, szukamy im domów i prowadzimy akcje adopcyjne.",
    ),
    (
        "fundacja-czytajmy-razem",
        "Fundacja Czytajmy Razem",
        "0000900106",
        "sielec",
        ["edukacja", "kultura-i-sztuka", "dzieci-i-mlodziez"],
        True,
        True,
        False,
        "Prowadzimy kluby czytelnicze i korepetycje dla uczniów szkół podstawowych.",
    ),
    (
        "szkola-podstawowa-nr-99-demo",
        "Szkoła Podstawowa nr 99 (demo)",
        "",
        "klimontow",
        ["edukacja", "dzieci-i-mlodziez"],
        True,
        True,
        True,
        "Szkoła zaprasza wolontariuszy do pomocy w świetlicy i przy szkolnych festynach.",
    ),
    (
        "parafialny-zespol-caritas-sw-zofii-demo",
        "Parafialny Zespół Caritas św. Zofii (demo)",
        "",
        "niwka",
        ["pomoc-spoleczna", "seniorzy"],
        True,
        False,
        False,
        "Wydajemy paczki żywnościowe i organizujemy wigilię dla osób samotnych.",
    ),
    (
        "stowarzyszenie-otwarte-drzwi",
        "Stowarzyszenie Otwarte Drzwi",
        "0000900109",
        "srodmiescie",
        ["osoby-z-niepelnosprawnosciami", "kultura-i-sztuka"],
        True,
        True,
        True,
        "Prowadzimy warsztaty teatralne i plastyczne dla osób z niepełnosprawnościami i ich rodzin.",
    ),
    (
        "fundacja-pamiec-zaglebia",
        "Fundacja Pamięć Zagłębia",
        "0000900110",
        "srodula",
        ["historia-i-dziedzictwo", "kultura-i-sztuka"],
        True,
        True,
        False,
        "Zbieramy wspomnienia mieszkańców, digitalizujemy stare zdjęcia i oprowadzamy po mieście.",
    ),
    (
        "stowarzyszenie-mlodzi-dzialaja",
        "Stowarzyszenie Młodzi Działają",
        "0000900111",
        "zagorze",
        ["aktywnosc-obywatelska", "dzieci-i-mlodziez"],
        True,
        True,
        True,
        "Wspieramy młodzieżowe rady i szkolne samorządy, uczymy, jak zgłaszać projekty do budżetu "
        "obywatelskiego.",
    ),
    (
        "fundacja-zdrowy-oddech",
        "Fundacja Zdrowy Oddech",
        "0000900112",
        "kazimierz-gorniczy",
        ["zdrowie", "ekologia"],
        False,
        False,
        True,
        "Prowadzimy kampanie o czystym powietrzu i bezpłatne badania spirometryczne. Obecnie nie "
        "przyjmujemy nowych wolontariuszy.",
    ),
]

# org slug, title, skills, areas, district, remote, min age, commitment, hours,
# (start, end, deadline) as day offsets or None, places, benefits, requirements, description
OPPORTUNITIES = [
    ("fundacja-zielony-zaulek", "Sadzenie drzew na Pogoni", ["ogrodnictwo", "prace-fizyczne"], ["ekologia"],
     "pogon", False, 13, Commitment.ONE_OFF, "sobota 9:00–13:00", (10, 10, 8), 25, [C, N],
     "Wygodne ubranie i chęć do pracy w ziemi.",
     "Posadzimy 40 młodych lip wzdłuż ulicy. Narzędzia i rękawice zapewniamy."),
    ("fundacja-zielony-zaulek", "Prowadzenie profilu ogrodu społecznego", ["media-spolecznosciowe", "fotografia"],
     ["ekologia", "rozwoj-lokalny"], None, True, 16, Commitment.REGULAR, "2 godziny w tygodniu",
     (None, None, 30), 2, [C, R, M], "", "Szukamy osoby, która opowie w sieci, co dzieje się w naszym ogrodzie."),
    ("stowarzyszenie-srebrna-nitka", "Odwiedziny u seniorów", ["opieka-nad-seniorami"], ["seniorzy"],
     "srodula", False, 18, Commitment.REGULAR, "raz w tygodniu, 1–2 godziny", (None, None, None), 10,
     [C, T, N, M], "Cierpliwość i punktualność.", "Towarzystwo, rozmowa, krótki spacer z osobą samotną."),
    ("stowarzyszenie-srebrna-nitka", "Telefon z uśmiechem", ["opieka-nad-seniorami"], ["seniorzy"],
     None, True, 16, Commitment.REGULAR, "30 minut dwa razy w tygodniu", (None, None, 45), 8, [C, T],
     "", "Krótkie rozmowy telefoniczne z seniorami, którzy rzadko wychodzą z domu."),
    ("fundacja-pod-jednym-dachem", "Konwersacje po polsku dla dorosłych", ["jezyki-obce", "jezyk-ukrainski"],
     ["migranci-i-uchodzcy", "edukacja"], "srodmiescie", False, 18, Commitment.REGULAR, "wtorki 17:00–18:30",
     (None, 120, 20), 6, [C, T, R], "Dobra znajomość polskiego; ukraiński mile widziany.",
     "Prowadzenie rozmów w małych grupach według gotowych scenariuszy."),
    ("fundacja-pod-jednym-dachem", "Pomoc w odrabianiu lekcji", ["korepetycje", "praca-z-dziecmi"],
     ["dzieci-i-mlodziez", "migranci-i-uchodzcy"], "srodmiescie", False, 15, Commitment.REGULAR,
     "2 popołudnia w tygodniu", (None, None, None), 8, [C, M], "",
     "Świetlica dla dzieci: pomoc w lekcjach i wspólne gry."),
    ("fundacja-pod-jednym-dachem", "Tłumaczenia dokumentów online", ["tlumaczenia", "jezyk-ukrainski"],
     ["migranci-i-uchodzcy"], None, True, 18, Commitment.PERIODIC, "wg potrzeb, ok. 3 godzin w miesiącu",
     (None, None, None), 4, [C, R], "Biegła znajomość ukraińskiego i polskiego.",
     "Tłumaczenie pism urzędowych i szkolnych, zdalnie."),
    ("klub-sportowy-sosnowa-przystan", "Asystent trenera dzieci", ["sport", "praca-z-dziecmi"],
     ["sport-i-turystyka", "dzieci-i-mlodziez"], "zagorze", False, 16, Commitment.REGULAR,
     "poniedziałki i środy 16:00–17:30", (None, None, 21), 3, [C, T, N, R], "", "Pomoc w treningach grupy 8–10 lat."),
    ("klub-sportowy-sosnowa-przystan", "Wolontariat na turnieju Sosnowa Cup", ["organizacja-wydarzen", "sport"],
     ["sport-i-turystyka"], "zagorze", False, 13, Commitment.ONE_OFF, "niedziela 8:00–16:00", (24, 24, 20), 20,
     [C, P, N], "", "Obsługa boisk, punkt informacyjny i strefa kibica."),
    ("schronisko-przyjaciel-z-klatki", "Spacery z psami", ["opieka-nad-zwierzetami"], ["zwierzeta"],
     "milowice", False, 16, Commitment.REGULAR, "weekendy, 2 godziny", (None, None, None), 15, [C, T, N],
     "Osoby 16–17 lat z pisemną zgodą opiekuna.", "Wyprowadzanie psów i socjalizacja."),
    ("schronisko-przyjaciel-z-klatki", "Zdjęcia zwierząt do adopcji", ["fotografia"], ["zwierzeta"],
     "milowice", False, 16, Commitment.PERIODIC, "raz w miesiącu", (None, None, 60), 2, [C, R], "",
     "Dobre zdjęcia pomagają znaleźć dom. Własny aparat lub dobry telefon."),
    ("fundacja-czytajmy-razem", "Czytanie przedszkolakom", ["praca-z-dziecmi"], ["edukacja", "dzieci-i-mlodziez"],
     "sielec", False, 13, Commitment.REGULAR, "czwartki 10:00–11:00", (None, None, None), 6, [C, M], "",
     "Głośne czytanie bajek w przedszkolu partnerskim."),
    ("fundacja-czytajmy-razem", "Korepetycje z matematyki online", ["korepetycje"], ["edukacja"],
     None, True, 16, Commitment.REGULAR, "1 godzina w tygodniu", (None, 150, 30), 5, [C, R], "",
     "Zajęcia dla uczniów klas 4–8 przez komunikator wideo."),
    ("szkola-podstawowa-nr-99-demo", "Festyn rodzinny — obsługa stoisk", ["organizacja-wydarzen", "animacja-czasu-wolnego"],
     ["dzieci-i-mlodziez"], "klimontow", False, 13, Commitment.ONE_OFF, "sobota 10:00–15:00", (35, 35, 30), 15,
     [C, P], "", "Gry dla dzieci, malowanie twarzy, pomoc przy loterii."),
    ("parafialny-zespol-caritas-sw-zofii-demo", "Wydawanie paczek żywnościowych", ["prace-fizyczne"],
     ["pomoc-spoleczna"], "niwka", False, 16, Commitment.PERIODIC, "pierwsza sobota miesiąca 9:00–12:00",
     (None, None, None), 10, [C, N], "", "Pakowanie i wydawanie paczek."),
    ("parafialny-zespol-caritas-sw-zofii-demo", "Kierowca do rozwożenia paczek", ["prawo-jazdy"],
     ["pomoc-spoleczna", "seniorzy"], "niwka", False, 21, Commitment.PERIODIC, "raz w miesiącu, 3 godziny",
     (None, None, None), 2, [C, N, K], "Prawo jazdy kat. B od co najmniej 2 lat.", "Dowóz paczek do osób starszych."),
    ("stowarzyszenie-otwarte-drzwi", "Asystent na warsztatach teatralnych", ["animacja-czasu-wolnego"],
     ["osoby-z-niepelnosprawnosciami", "kultura-i-sztuka"], "srodmiescie", False, 18, Commitment.REGULAR,
     "piątki 16:00–18:00", (None, 200, 40), 4, [C, T, N, M], "", "Wsparcie uczestników podczas zajęć."),
    ("fundacja-pamiec-zaglebia", "Digitalizacja starych zdjęć", ["informatyka", "fotografia"],
     ["historia-i-dziedzictwo"], None, True, 15, Commitment.PERIODIC, "kilka godzin w miesiącu",
     (None, None, None), 6, [C, R], "", "Skanowanie i opisywanie zdjęć z rodzinnych albumów mieszkańców."),
    ("stowarzyszenie-mlodzi-dzialaja", "Kampania profrekwencyjna w szkołach", ["pisanie-tekstow", "grafika"],
     ["aktywnosc-obywatelska", "dzieci-i-mlodziez"], "zagorze", True, 13, Commitment.PERIODIC,
     "4 spotkania w ciągu miesiąca", (5, 40, 14), 12, [C, T, R], "",
     "Przygotowanie plakatów i krótkich filmów zachęcających do udziału w głosowaniu."),
    # The one expired offer: its end date has passed, so it is hidden everywhere.
    ("fundacja-zielony-zaulek", "Wiosenne sprzątanie Bobrka", ["prace-fizyczne"], ["ekologia"],
     "pogon", False, 13, Commitment.ONE_OFF, "sobota 9:00–12:00", (-40, -40, -42), 30, [C, N], "",
     "Zakończona akcja sprzątania brzegów rzeki."),
]  # fmt: skip


def _offset(today, days):
    return None if days is None else today + timedelta(days=days)


def seed(out):
    districts = {d.slug: d for d in District.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    skills = {s.slug: s for s in Skill.objects.all()}
    organisations = {}
    for number, (
        slug,
        name,
        krs,
        district,
        area_slugs,
        accepts,
        informal,
        verified,
        description,
    ) in enumerate(ORGANISATIONS, start=1):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = Organisation(
                slug=slug,
                name=name,
                krs=krs,
                district=districts.get(district),
                address=f"ul. Przykładowa {number}, 41-200 Sosnowiec",
                website=f"https://{slug}.example.org",
                email=f"kontakt@{slug}.example.org",
                phone=f"+48 32 000 01 {number:02d}",
                accepts_volunteers=accepts,
                partners_informal_groups=informal,
                verified=verified,
                description=description,
            )
            if number <= 4:
                organisation.logo = demo_image(f"Logo: {name}", seed=number, size=(480, 320), label=name)
                organisation.logo_alt = f"Logo organizacji {name}"
            organisation.areas.set([areas[a] for a in area_slugs if a in areas])
            organisation.save()
            organisation.save_revision().publish()
        organisations[slug] = organisation
    out.write(f"  organizacje: {len(organisations)}")

    today = timezone.localdate()
    for row in OPPORTUNITIES:
        (org_slug, title, skill_slugs, area_slugs, district, remote, min_age, commitment, hours,
         (start, end, deadline), places, benefits, requirements, description) = row  # fmt: skip
        organisation = organisations[org_slug]
        if Opportunity.objects.filter(organisation=organisation, title=title).exists():
            continue
        opportunity = Opportunity(
            organisation=organisation,
            title=title,
            description=description,
            district=districts.get(district) if district else None,
            remote=remote,
            min_age=min_age,
            commitment=commitment,
            hours=hours,
            starts_on=_offset(today, start),
            ends_on=_offset(today, end),
            application_deadline=_offset(today, deadline),
            places=places,
            benefits=[str(b) for b in benefits],
            requirements=requirements,
        )
        opportunity.skills.set([skills[s] for s in skill_slugs if s in skills])
        opportunity.areas.set([areas[a] for a in area_slugs if a in areas])
        opportunity.save()
        opportunity.save_revision().publish()
    out.write(
        f"  oferty wolontariatu: {Opportunity.objects.count()} (w tym otwarte: {Opportunity.objects.open().count()})"
    )
