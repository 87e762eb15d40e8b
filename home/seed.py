"""Demo content of the home app: the home page, the standard pages and the centre's settings."""

import datetime

from wagtail.models import Page, Site

from home.models import AssessmentMethod, CentreSettings, ComplianceStatus, HomePage, StandardPage
from home.seed_utils import demo_image, ensure_child, ensure_site_root


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


ABOUT = [
    paragraph(
        "<p>Centrum Aktywności Społecznej (CAS) działa w Sosnowieckim Centrum Organizacji "
        "Pozarządowych przy Placu Kościuszki 5. Do tej pory Centrum wspierało głównie "
        "zarejestrowane organizacje. CAS otwiera się na mieszkańców, którzy nie należą do żadnej "
        "organizacji: grupy nieformalne, a przede wszystkim młodzież.</p>"
    ),
    heading("Nasze cele"),
    paragraph(
        "<ul><li>pomagamy grupom nieformalnym realizować ich pomysły,</li>"
        "<li>promujemy postawy obywatelskie,</li>"
        "<li>rozwijamy zaangażowanie społeczne młodych ludzi: kreatywność, pracę w zespole i inicjatywę,</li>"
        "<li>odpowiadamy na potrzeby rozwojowe młodzieży,</li>"
        "<li>łączymy mieszkańców w każdym wieku z organizacjami pozarządowymi.</li></ul>"
    ),
    heading("Jak działamy"),
    paragraph(
        "<p>Prowadzimy miejsce spotkań dla aktywnych mieszkańców, wspieramy projekty młodych "
        "aktywistów, współorganizujemy projekty organizacji pozarządowych dla młodzieży, prowadzimy "
        "kampanie informacyjne w szkołach i instytucjach kultury, organizujemy szkolenia i warsztaty "
        "oraz prowadzimy bazę wolontariatu, w której organizacje potrzebujące pomocy spotykają osoby "
        "chcące pomagać.</p>"
    ),
    {"type": "key_figure", "value": {"number": "20", "label": "dzielnic Sosnowca, w których działamy"}},
    {
        "type": "key_figure",
        "value": {"number": "0 zł", "label": "tyle kosztuje udział w naszych warsztatach"},
    },
]

CONTACT = [
    paragraph(
        "<p>Zapraszamy do siedziby przy Placu Kościuszki 5 w Sosnowcu. Budynek ma podjazd dla wózków, "
        "a sala warsztatowa znajduje się na parterze.</p>"
    ),
    {
        "type": "faq",
        "value": {
            "title": "Częste pytania",
            "items": [
                {
                    "question": "Czy muszę należeć do organizacji, żeby skorzystać z pomocy CAS?",
                    "answer": "<p>Nie. CAS jest właśnie dla osób i grup, które nie należą do żadnej organizacji.</p>",
                },
                {
                    "question": "Czy za udział w warsztatach się płaci?",
                    "answer": "<p>Nie, wszystkie nasze warsztaty są bezpłatne.</p>",
                },
                {
                    "question": "Czy mogę przyjść z grupą znajomych bez umawiania się?",
                    "answer": "<p>Tak, w godzinach otwarcia. Jeśli potrzebujecie sali, napiszcie wcześniej.</p>",
                },
            ],
        },
    },
]

PRIVACY = [
    paragraph(
        "<p>Administratorem danych osobowych zbieranych w serwisie jest Sosnowieckie Centrum "
        "Organizacji Pozarządowych, Plac Kościuszki 5, 41-200 Sosnowiec. Przetwarzamy tylko dane "
        "potrzebne do zapisu na warsztaty, obsługi zgłoszeń pomysłów i szkół oraz prowadzenia bazy "
        "wolontariatu.</p>"
    ),
    heading("Jakie dane zbieramy"),
    paragraph(
        "<p>Imię, adres e-mail, opcjonalnie telefon oraz rok urodzenia (nie pełną datę urodzenia ani "
        "numer PESEL). Od osób niepełnoletnich zbieramy adres e-mail opiekuna prawnego, który "
        "potwierdza zgodę.</p>"
    ),
    heading("Twoje prawa"),
    paragraph(
        "<p>Masz prawo dostępu do danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, "
        "przeniesienia oraz sprzeciwu, a także prawo wniesienia skargi do Prezesa UODO. Wolontariusze "
        "mogą zrobić to samodzielnie na stronie „Moje dane”, do której link wysyłamy e-mailem.</p>"
    ),
    heading("Jak długo przechowujemy dane"),
    paragraph(
        "<p>Niepotwierdzone rejestracje usuwamy po 7 dniach, a dane wolontariuszy nieaktywnych przez "
        "24 miesiące anonimizujemy.</p>"
    ),
]

KNOWN_LIMITATIONS = [
    "Część materiałów kampanii do pobrania (plakaty w PDF) nie ma warstwy tekstowej. Na prośbę "
    "prześlemy ich treść w formie dostępnej.",
    "Filmy z relacjami z inicjatyw nie mają jeszcze audiodeskrypcji.",
    "Osadzone filmy z serwisów zewnętrznych nie zawsze mają napisy w języku polskim.",
]

ARCHITECTURE = (
    "Centrum mieści się na parterze budynku przy Placu Kościuszki 5 w Sosnowcu. Do wejścia prowadzi "
    "pochylnia od strony placu; drzwi otwierają się automatycznie.\n\n"
    "Na parterze jest toaleta dostosowana do potrzeb osób z niepełnosprawnościami. Sale warsztatowe "
    "znajdują się na parterze i na pierwszym piętrze, do którego prowadzi winda.\n\n"
    "Przed budynkiem wyznaczono miejsce parkingowe dla osób z niepełnosprawnościami. Do budynku można "
    "wejść z psem asystującym. Tłumacza polskiego języka migowego zapewniamy po zgłoszeniu co najmniej "
    "3 dni robocze przed wizytą."
)


def seed(out):
    root = Page.objects.get(depth=1)
    home = HomePage.objects.first()
    if home is None:
        for page in root.get_children().filter(slug="home"):
            page.slug = "home-old"
            page.save()
        home = HomePage(
            title="Masz pomysł? Zrób to z nami!",
            slug="home",
            intro=(
                "Centrum Aktywności Społecznej w Sosnowcu pomaga młodzieży i grupom nieformalnym "
                "realizować własne pomysły, prowadzi warsztaty i kampanie w szkołach oraz łączy "
                "wolontariuszy z organizacjami."
            ),
            hero_image=demo_image("Młodzież przy wspólnym stole", seed=1),
            hero_image_alt="Grupa młodych ludzi przy wspólnym stole planuje swoje działania",
            calls_to_action=[
                ("button", {"label": "Zostań wolontariuszem", "page": None, "url": "/wolontariat/dolacz/"}),
                ("button", {"label": "Zgłoś pomysł", "page": None, "url": "/zglos-pomysl/"}),
                ("button", {"label": "Materiały dla szkół", "page": None, "url": "/kampanie/"}),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        out.write("  strona główna")
    ensure_site_root(home)

    pages = [
        ("o-nas", "O nas", "Kim jesteśmy i po co powstało Centrum Aktywności Społecznej.", ABOUT, True),
        ("kontakt", "Kontakt", "Jak do nas trafić i jak się z nami skontaktować.", CONTACT, True),
        ("polityka-prywatnosci", "Polityka prywatności", "Jak chronimy Twoje dane osobowe.", PRIVACY, False),
    ]
    for slug, title, intro, body, in_menu in pages:
        ensure_child(home, StandardPage, slug, title=title, intro=intro, body=body, show_in_menus=in_menu)
    # The statement is generated from the centre settings now; drop the page earlier seeds made.
    for old in home.get_children().filter(slug="deklaracja-dostepnosci").type(StandardPage):
        old.delete()
    out.write("  strony: O nas, Kontakt, Polityka prywatności")

    site = Site.objects.get(is_default_site=True)
    settings = CentreSettings.for_site(site)
    if not settings.phone:
        settings.phone = "+48 32 000 00 00"
        settings.opening_hours = (
            "poniedziałek–piątek 10:00–18:00\nsobota 10:00–14:00 (po wcześniejszym umówieniu)"
        )
        settings.social_links = [
            ("link", {"name": "Facebook", "url": "https://www.facebook.com/"}),
            ("link", {"name": "Instagram", "url": "https://www.instagram.com/"}),
        ]
        settings.save()
    if settings.statement_prepared_on is None:
        settings.site_published_on = datetime.date(2026, 9, 1)
        settings.site_updated_on = datetime.date(2026, 11, 2)
        settings.statement_prepared_on = datetime.date(2026, 9, 1)
        settings.statement_reviewed_on = datetime.date(2026, 11, 2)
        settings.compliance_status = ComplianceStatus.PARTIAL
        settings.assessment_method = AssessmentMethod.SELF
        settings.known_limitations = [("limitation", text) for text in KNOWN_LIMITATIONS]
        settings.accessibility_contact_name = "Anna Nowak"
        settings.accessibility_contact_email = "dostepnosc@example.org"
        settings.architectural_accessibility = ARCHITECTURE
        settings.save()
    out.write("  dane kontaktowe centrum i deklaracja dostępności")
