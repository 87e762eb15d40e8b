"""The deklaracja dostępności is generated from the centre settings and linked from every page."""

import datetime

import pytest
from wagtail.models import Site

from home.models import CentreSettings, ComplianceStatus, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(home_page):
    settings = CentreSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+48 32 111 22 33"
    settings.site_published_on = datetime.date(2026, 9, 1)
    settings.site_updated_on = datetime.date(2026, 11, 2)
    settings.statement_prepared_on = datetime.date(2026, 9, 15)
    settings.statement_reviewed_on = datetime.date(2026, 11, 20)
    settings.compliance_status = ComplianceStatus.PARTIAL
    settings.accessibility_contact_name = "Anna Nowak"
    settings.accessibility_contact_email = "dostepnosc@example.org"
    settings.known_limitations = [
        ("limitation", "Plakaty w PDF nie mają warstwy tekstowej."),
        ("limitation", "Filmy nie mają audiodeskrypcji."),
    ]
    settings.architectural_accessibility = "Do wejścia prowadzi pochylnia."
    settings.save()
    return settings


OFFICIAL_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
]


def statement(client, prefix=""):
    response = client.get(f"{prefix}/deklaracja-dostepnosci/")
    assert response.status_code == 200
    return response.content.decode()


def test_statement_shows_dates_contact_and_each_limitation_from_settings(client, centre):
    html = statement(client)
    assert '<time id="a11y-data-publikacja" datetime="2026-09-01">2026-09-01</time>' in html
    assert '<time id="a11y-data-aktualizacja" datetime="2026-11-02">2026-11-02</time>' in html
    assert '<time id="a11y-data-sporzadzenie" datetime="2026-09-15">2026-09-15</time>' in html
    assert '<time id="a11y-data-przeglad" datetime="2026-11-20">2026-11-20</time>' in html
    assert '<span id="a11y-osoba">Anna Nowak</span>' in html
    assert 'href="mailto:dostepnosc@example.org"' in html
    assert 'id="a11y-telefon" href="tel:+48321112233"' in html
    assert "Plakaty w PDF nie mają warstwy tekstowej." in html
    assert "Filmy nie mają audiodeskrypcji." in html
    assert "jest częściowo zgodna z ustawą" in html
    assert '<span id="a11y-podmiot">Centrum Aktywności Społecznej</span>' in html
    assert "Rzecznika Praw Obywatelskich" in html
    assert "Plac Kościuszki 5, 41-200 Sosnowiec" in html
    assert "Do wejścia prowadzi pochylnia." in html
    # The identifiers of the official structure, each exactly once (the footer link has its own).
    for name in OFFICIAL_IDS:
        assert html.count(f'id="{name}"') == 1, name


def test_changing_the_settings_changes_the_statement(client, centre):
    centre.compliance_status = ComplianceStatus.COMPLIANT
    centre.statement_reviewed_on = datetime.date(2027, 3, 31)
    centre.known_limitations = []
    centre.accessibility_contact_email = ""  # falls back to the centre's address
    centre.save()
    html = statement(client)
    assert "Strona internetowa jest zgodna z ustawą" in html
    assert "częściowo zgodna" not in html
    assert '<time id="a11y-data-przeglad" datetime="2027-03-31">2027-03-31</time>' in html
    assert "Plakaty w PDF" not in html
    assert "Treści niedostępne" not in html
    assert 'href="mailto:cas@example.org"' in html


@pytest.mark.parametrize(
    ("prefix", "heading", "status"),
    [
        ("/en", "Accessibility statement", "is partially compliant"),
        ("/uk", "Декларація доступності", "частково відповідає"),
    ],
)
def test_statement_ui_is_translated_while_settings_content_stays_as_entered(
    client, centre, prefix, heading, status
):
    html = statement(client, prefix)
    assert f"<h1>{heading}</h1>" in html
    assert status in html
    assert "Filmy nie mają audiodeskrypcji." in html
    assert '<time id="a11y-data-publikacja" datetime="2026-09-01">2026-09-01</time>' in html


def test_every_page_links_to_the_statement_from_its_footer(client, centre, home_page):
    home_page.add_child(instance=StandardPage(title="O nas", slug="o-nas"))
    for path in ["/", "/o-nas/", "/szukaj/", "/en/o-nas/", "/strona-ktorej-nie-ma/"]:
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        prefix = "/en" if path.startswith("/en/") else ""
        assert f'<a id="a11y-deklaracja" href="{prefix}/deklaracja-dostepnosci/">' in footer, path
        assert (
            f'<meta name="deklaracja-dostępności" content="http://testserver{prefix}/deklaracja-dostepnosci/">'
            in html
        )


def test_statement_is_in_the_sitemap(client, centre):
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/deklaracja-dostepnosci/</loc>" in body


def test_editor_updates_the_statement_in_the_admin_settings(client, admin_user, centre):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    client.force_login(admin_user)
    url = f"/admin/settings/home/centresettings/{centre.site_id}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "name": centre.name,
            "street": centre.street,
            "postal_code": centre.postal_code,
            "city": centre.city,
            "email": centre.email,
            "phone": centre.phone,
            "opening_hours": "",
            "social_links": streamfield([]),
            "site_published_on": "2026-09-01",
            "site_updated_on": "2027-01-10",
            "compliance_status": "niezgodna",
            "known_limitations": streamfield(
                [("limitation", "Formularz zgłoszeń nie działa z czytnikiem ekranu.")]
            ),
            "statement_prepared_on": "2026-09-15",
            "statement_reviewed_on": "2027-01-12",
            "assessment_method": "audyt",
            "accessibility_contact_name": "Jan Kowalski",
            "accessibility_contact_email": "",
            "accessibility_contact_phone": "",
            "architectural_accessibility": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    html = statement(client)
    assert '<time id="a11y-data-aktualizacja" datetime="2027-01-10">2027-01-10</time>' in html
    assert "jest niezgodna z ustawą" in html
    assert "Formularz zgłoszeń nie działa z czytnikiem ekranu." in html
    assert "Plakaty w PDF" not in html
    assert '<span id="a11y-osoba">Jan Kowalski</span>' in html
    assert "na podstawie badania przeprowadzonego przez podmiot zewnętrzny" in html
