"""Demo content of the campaigns app: /kampanie/ and four campaigns with generated materials.

Every file is made by code: PDFs (lesson plans, leaflets, worksheets) are pages drawn
with Pillow and saved as PDF, posters are PNGs. Running it twice changes nothing.
"""

import datetime
import io
import random
import textwrap

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model

from campaigns.models import CampaignIndexPage, CampaignMaterial, CampaignPage, CampaignTopic
from home.seed_utils import PALETTE, demo_image, ensure_child, home_page
from volunteers.models import Organisation

TOPICS = {
    "bezpieczenstwo-w-sieci": "Bezpieczeństwo w sieci",
    "wolontariat": "Wolontariat",
    "partycypacja": "Partycypacja młodzieży",
    "ekologia": "Ekologia",
}

A4 = (1240, 1754)  # 150 dpi
POLISH_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
FONT_FILES = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]


def _font(size):
    """A system font with Polish letters if there is one (Pillow's bundled one lacks them)."""
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _draw_text(draw, xy, text, *, size, fill):
    font, polish = _font(size)
    draw.text(xy, text if polish else text.translate(POLISH_ASCII), fill=fill, font=font)


def _page(title, lines, *, seed, footer="Centrum Aktywności Społecznej · Plac Kościuszki 5, Sosnowiec"):
    rng = random.Random(seed)
    colour = PALETTE[rng.randrange(len(PALETTE))]
    page = PILImage.new("RGB", A4, (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, A4[0], 220), fill=colour)
    y = 60
    for line in textwrap.wrap(title, 34):
        _draw_text(draw, (90, y), line, size=54, fill=(255, 255, 255))
        y += 70
    y = 300
    for paragraph in lines:
        for line in textwrap.wrap(paragraph, 60) or [""]:
            _draw_text(draw, (90, y), line, size=32, fill=(27, 31, 36))
            y += 48
        y += 30
    _draw_text(draw, (90, A4[1] - 110), footer, size=26, fill=(90, 90, 90))
    return page


def make_pdf(title, pages):
    """A real multi-page PDF (Pillow's PDF writer) from ``[(heading, [paragraphs])]``."""
    images = [_page(heading, lines, seed=f"{title}-{i}") for i, (heading, lines) in enumerate(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=150, title=title)
    return buffer.getvalue()


def make_poster(title, slogan):
    rng = random.Random(title)
    size = (1240, 1754)
    base = PALETTE[rng.randrange(len(PALETTE))]
    poster = PILImage.new("RGB", size, tuple(min(255, c + 170) for c in base))
    draw = ImageDraw.Draw(poster)
    for _ in range(10):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1] // 2), rng.randrange(60, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=PALETTE[rng.randrange(len(PALETTE))])
    draw.rectangle((0, 1100, size[0], size[1]), fill=(255, 255, 255))
    y = 1160
    for line in textwrap.wrap(title.upper(), 22):
        _draw_text(draw, (80, y), line, size=76, fill=base)
        y += 100
    for line in textwrap.wrap(slogan, 40):
        _draw_text(draw, (80, y + 20), line, size=44, fill=(27, 31, 36))
        y += 60
    buffer = io.BytesIO()
    poster.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_document(title, filename, content):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    document = Document(title=title, file=ContentFile(content, name=filename))
    document._set_document_file_metadata()
    document.save()
    document.file.close()
    return document


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


CAMPAIGNS = [
    {
        "slug": "bezpieczny-internet",
        "title": "Bezpieczny internet",
        "intro": "Jak chronić swoje konto, rozpoznać oszustwo i reagować na hejt — zajęcia dla uczniów i spotkania dla rodziców.",
        "audiences": ["klasy-4-8", "ponadpodstawowa", "rodzice"],
        "topics": ["bezpieczenstwo-w-sieci"],
        "starts": -30,
        "ends": 120,
        "body": [
            paragraph(
                "<p>Prawie każdy uczeń ma dziś telefon z dostępem do sieci. Kampania uczy, jak tworzyć silne hasła, jak rozpoznać fałszywe wiadomości i konkursy oraz co zrobić, gdy ktoś w internecie nas obraża.</p>"
            ),
            heading("Co proponujemy szkołom"),
            paragraph(
                "<ul><li>45-minutowe zajęcia prowadzone przez edukatorów CAS,</li><li>scenariusz lekcji dla wychowawców,</li><li>spotkanie dla rodziców po zebraniu klasowym.</li></ul>"
            ),
        ],
        "materials": [
            (
                "Plakat: Hasło jak szczoteczka do zębów",
                "plakat",
                "poster",
                "Nie pożyczaj go nikomu i zmieniaj regularnie.",
            ),
            (
                "Scenariusz lekcji: Rozpoznaj oszustwo",
                "scenariusz-lekcji",
                "pdf",
                [
                    (
                        "Cele zajęć",
                        [
                            "Uczeń rozpoznaje typowe oznaki oszustwa internetowego.",
                            "Uczeń wie, komu zgłosić niepokojącą wiadomość.",
                        ],
                    ),
                    (
                        "Przebieg",
                        [
                            "1. Rozgrzewka: prawda czy fałsz (10 min).",
                            "2. Praca w grupach z przykładowymi wiadomościami (20 min).",
                            "3. Wspólne zasady klasy (15 min).",
                        ],
                    ),
                ],
            ),
            (
                "Karta pracy: Moje bezpieczne konto",
                "karta-pracy",
                "pdf",
                [
                    (
                        "Sprawdź swoje konto",
                        [
                            "Czy masz włączone logowanie dwuetapowe?",
                            "Kto widzi Twoje zdjęcia?",
                            "Czy pamiętasz, gdzie jesteś zalogowany?",
                        ],
                    ),
                ],
            ),
            (
                "Ulotka dla rodziców",
                "ulotka",
                "pdf",
                [
                    (
                        "Rozmawiaj, nie zakazuj",
                        [
                            "Zapytaj dziecko, w co gra i z kim rozmawia.",
                            "Ustalcie wspólnie zasady korzystania z telefonu.",
                            "Pomoc: telefon zaufania 116 111.",
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "wolontariat-w-szkole",
        "title": "Wolontariat w szkole",
        "intro": "Jak założyć szkolny klub wolontariatu i znaleźć organizację, która czeka na pomoc młodych ludzi.",
        "audiences": ["klasy-4-8", "ponadpodstawowa", "nauczyciele"],
        "topics": ["wolontariat"],
        "starts": -10,
        "ends": 200,
        "body": [
            paragraph(
                "<p>Szkolny klub wolontariatu to dobry początek przygody z pomaganiem. Pokazujemy, jak go założyć krok po kroku, jak dbać o bezpieczeństwo niepełnoletnich wolontariuszy i jak korzystać z bazy ofert CAS.</p>"
            ),
        ],
        "materials": [
            ("Plakat: Masz dwie ręce? Pomagaj!", "plakat", "poster", "Szkolny klub wolontariatu zaprasza."),
            (
                "Poradnik: Szkolny klub wolontariatu krok po kroku",
                "inne",
                "pdf",
                [
                    (
                        "Krok 1: Opiekun i regulamin",
                        ["Wybierzcie nauczyciela-opiekuna.", "Spiszcie krótki regulamin klubu."],
                    ),
                    (
                        "Krok 2: Pierwsza akcja",
                        ["Zacznijcie od czegoś małego: zbiórki książek albo pomocy w schronisku."],
                    ),
                ],
            ),
            (
                "Scenariusz lekcji: Po co pomagać?",
                "scenariusz-lekcji",
                "pdf",
                [
                    (
                        "Cele zajęć",
                        [
                            "Uczeń wie, czym jest wolontariat.",
                            "Uczeń zna organizacje działające w swojej dzielnicy.",
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "mlodziezowa-rada-miasta",
        "title": "Młodzieżowa rada miasta",
        "intro": "Kampania o tym, jak młodzi mieszkańcy Sosnowca mogą wpływać na decyzje dotyczące ich miasta.",
        "audiences": ["ponadpodstawowa", "klasy-4-8"],
        "topics": ["partycypacja"],
        "starts": -60,
        "ends": 60,
        "body": [
            paragraph(
                "<p>Młodzieżowa rada miasta opiniuje pomysły dotyczące młodzieży i zgłasza własne. Podczas zajęć uczniowie symulują obrady rady i przygotowują własną uchwałę.</p>"
            ),
        ],
        "materials": [
            ("Plakat: Twój głos w mieście", "plakat", "poster", "Kandyduj do młodzieżowej rady miasta."),
            (
                "Prezentacja: Jak działa rada miasta",
                "prezentacja",
                "pdf",
                [
                    (
                        "Kto decyduje w mieście?",
                        [
                            "Rada miasta uchwala budżet i prawo miejscowe.",
                            "Prezydent miasta wykonuje uchwały.",
                        ],
                    ),
                    ("Młodzieżowa rada", ["Opiniuje sprawy młodzieży.", "Może zgłaszać własne inicjatywy."]),
                ],
            ),
            (
                "Karta pracy: Nasza uchwała",
                "karta-pracy",
                "pdf",
                [
                    (
                        "Projekt uchwały",
                        ["Tytuł:", "Problem, który rozwiązujemy:", "Co proponujemy:", "Ile to kosztuje:"],
                    ),
                ],
            ),
            (
                "Scenariusz lekcji: Symulacja sesji",
                "scenariusz-lekcji",
                "pdf",
                [
                    (
                        "Przebieg",
                        [
                            "Podział ról: przewodniczący, radni, mieszkańcy.",
                            "Dyskusja i głosowanie nad projektem.",
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "ekologia-w-miescie",
        "title": "Ekologia w mieście",
        "intro": "Zieleń, woda i powietrze w Sosnowcu: co każdy z nas może zrobić w swojej dzielnicy.",
        "audiences": ["klasy-1-3", "klasy-4-8", "dorosli"],
        "topics": ["ekologia"],
        "starts": -400,
        "ends": -100,
        "body": [
            paragraph(
                "<p>Archiwalna kampania z ubiegłego roku: uczniowie liczyli drzewa na swoich osiedlach, a rodzice sadzili łąki kwietne przy szkołach. Materiały wciąż można pobrać.</p>"
            ),
        ],
        "materials": [
            ("Plakat: Łąka zamiast trawnika", "plakat", "poster", "Więcej kwiatów, więcej pszczół."),
            (
                "Karta pracy: Policz drzewa na osiedlu",
                "karta-pracy",
                "pdf",
                [
                    (
                        "Moje osiedle",
                        [
                            "Ile drzew rośnie przy Twojej ulicy?",
                            "Jakie to gatunki?",
                            "Gdzie przydałoby się nowe drzewo?",
                        ],
                    ),
                ],
            ),
            (
                "Ulotka: Deszczówka w ogrodzie",
                "ulotka",
                "pdf",
                [
                    ("Zbieraj deszczówkę", ["Beczka pod rynną to kilkaset litrów wody do podlewania latem."]),
                ],
            ),
        ],
    },
]


def seed(out):
    home = home_page()
    index = ensure_child(
        home,
        CampaignIndexPage,
        "kampanie",
        title="Kampanie",
        intro="Kampanie informacyjne dla szkół: materiały do pobrania i zajęcia prowadzone przez CAS.",
        show_in_menus=True,
    )
    topics = {}
    for slug, name in TOPICS.items():
        topics[slug], _ = CampaignTopic.objects.get_or_create(slug=slug, defaults={"name": name})
    today = datetime.date(2026, 11, 1)
    for number, spec in enumerate(CAMPAIGNS):
        existing = index.get_children().filter(slug=spec["slug"]).exists()
        page = ensure_child(
            index,
            CampaignPage,
            spec["slug"],
            title=spec["title"],
            intro=spec["intro"],
            audiences=spec["audiences"],
            starts_on=today + datetime.timedelta(days=spec["starts"]),
            ends_on=today + datetime.timedelta(days=spec["ends"]),
            hero_image=demo_image(f"Kampania: {spec['title']}", seed=number),
            hero_image_alt=f"Kolorowe koła — ilustracja kampanii „{spec['title']}”",
            body=spec["body"],
        )
        if existing:
            out.write(f"  kampania {spec['slug']}: już jest")
            continue
        page.topics.set([topics[slug] for slug in spec["topics"]])
        for order, (title, kind, form, content) in enumerate(spec["materials"]):
            stem = f"{spec['slug']}-{order + 1:02d}"
            if form == "poster":
                document = ensure_document(title, f"{stem}-plakat.png", make_poster(title, content))
            else:
                document = ensure_document(title, f"{stem}.pdf", make_pdf(title, content))
            page.materials.add(
                CampaignMaterial(
                    document=document,
                    title=title,
                    kind=kind,
                    audiences=spec["audiences"][:2],
                    language="pl",
                    description=f"{title} — materiał kampanii „{spec['title']}”.",
                    sort_order=order,
                )
            )
        # Partner organisations are seeded by now (volunteers comes first in CAS_APPS); the
        # related workshops are linked by the workshops seed, which runs after this one.
        page.partner_organisations.set(
            Organisation.objects.filter(slug__in=CAMPAIGN_PARTNERS.get(spec["slug"], []), live=True)
        )
        page.save_revision().publish()
        out.write(f"  kampania {spec['slug']}: {len(spec['materials'])} materiały, partnerzy")


#: Demo links: campaign slug → partner organisation slugs.
CAMPAIGN_PARTNERS = {
    "bezpieczny-internet": ["fundacja-pod-jednym-dachem"],
    "wolontariat-w-szkole": ["stowarzyszenie-mlodzi-dzialaja", "szkola-podstawowa-nr-99-demo"],
    "mlodziezowa-rada-miasta": ["stowarzyszenie-mlodzi-dzialaja"],
    "ekologia-w-miescie": ["fundacja-zielony-zaulek", "fundacja-zdrowy-oddech"],
}
