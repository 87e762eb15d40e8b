"""Rules of the volunteering directory: what is public, how it is filtered and searched, imports;
and of the youth projects organisations co-organise with CAS.

The website, the API, the home-page section, search and the sitemap all read
organisations and opportunities through these functions, so "live" and "open"
mean the same everywhere.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from cas_site.errors import DomainError
from home.models import District
from home.services import search_words
from volunteers.models import (
    Area,
    Opportunity,
    Organisation,
    Skill,
    normalise_krs,
)
from volunteers.registry import registered_volunteers

#: Rendition of a logo in listings and the API (prefetched, so lists stay O(1) in queries).
LOGO_FILTER = "max-240x160"
#: The most search hits considered; more words narrow it down.
MAX_SEARCH_HITS = 500


def polish_slug(text: str) -> str:
    """A URL slug that keeps Polish words readable (slugify alone drops "ł": "Zaułek" → "zauek")."""
    return slugify((text or "").translate(str.maketrans("łŁ", "lL")))


class UnknownFilterValue(DomainError):
    """A filter named a vocabulary term (skill, area, district, organisation) that does not exist."""

    status = 422
    message = _("Nieznana wartość filtra.")


def _lookup(queryset, slug, param, message):
    if slug in (None, ""):
        return None
    obj = queryset.filter(slug=slug).first()
    if obj is None:
        raise UnknownFilterValue(message % {"value": slug}, loc=("query", param))
    return obj


def search_pks(model, query):
    """Primary keys of ``model`` rows matching ``query`` in the search index."""
    words = search_words(query)
    if not words:
        return []
    hits = get_search_backend().search(words, model.objects.all())[:MAX_SEARCH_HITS]
    return [hit.pk for hit in hits]


def public_organisations():
    """Live organisations with everything a card needs (district, areas, logo rendition)."""
    Image = get_image_model()
    return (
        Organisation.objects.live()
        .select_related("district")
        .prefetch_related("areas", Prefetch("logo", queryset=Image.objects.prefetch_renditions(LOGO_FILTER)))
        .order_by("name")
    )


def open_opportunities(today=None):
    """Open opportunities with everything a card needs, soonest deadline first."""
    return (
        Opportunity.objects.open(today)
        .select_related("organisation", "district")
        .prefetch_related("skills", "areas")
        .order_by("application_deadline", "ends_on", "-pk")
    )


def filter_organisations(queryset, *, area=None, district=None, accepts_volunteers=None, search=None):
    """Narrow organisations by the directory filters; an unknown slug raises ``UnknownFilterValue``."""
    area_obj = _lookup(Area.objects.all(), area, "area", _("Nie ma obszaru działania „%(value)s”."))
    district_obj = _lookup(District.objects.all(), district, "district", _("Nie ma dzielnicy „%(value)s”."))
    if area_obj:
        queryset = queryset.in_area(area_obj)
    if district_obj:
        queryset = queryset.in_district(district_obj)
    if accepts_volunteers is not None:
        queryset = queryset.accepting_volunteers(accepts_volunteers)
    if search:
        queryset = queryset.filter(pk__in=search_pks(Organisation, search))
    return queryset


def filter_opportunities(
    queryset, *, skill=None, area=None, district=None, remote=None, age=None, organisation=None, search=None
):
    """Narrow opportunities by the offer filters; an unknown slug raises ``UnknownFilterValue``."""
    skill_obj = _lookup(Skill.objects.all(), skill, "skill", _("Nie ma umiejętności „%(value)s”."))
    area_obj = _lookup(Area.objects.all(), area, "area", _("Nie ma obszaru działania „%(value)s”."))
    district_obj = _lookup(District.objects.all(), district, "district", _("Nie ma dzielnicy „%(value)s”."))
    organisation_obj = _lookup(
        Organisation.objects.live(), organisation, "organisation", _("Nie ma organizacji „%(value)s”.")
    )
    if skill_obj:
        queryset = queryset.needing_skill(skill_obj)
    if area_obj:
        queryset = queryset.in_area(area_obj)
    if district_obj:
        queryset = queryset.in_district(district_obj)
    if remote is not None:
        queryset = queryset.with_remote(remote)
    if age is not None:
        queryset = queryset.for_age(age)
    if organisation_obj:
        queryset = queryset.of_organisation(organisation_obj)
    if search:
        queryset = queryset.filter(pk__in=search_pks(Opportunity, search))
    return queryset


def directory_figures():
    """The three numbers on /wolontariat/."""
    return {
        "organisations": Organisation.objects.live().count(),
        "opportunities": Opportunity.objects.open().count(),
        "volunteers": registered_volunteers(),
    }


# --- Import of organisations from CSV -------------------------------------------------

#: CSV columns understood by the import (header row required; extra columns are ignored).
IMPORT_COLUMNS = [
    "name",
    "slug",
    "krs",
    "description",
    "areas",
    "district",
    "address",
    "website",
    "email",
    "phone",
    "accepts_volunteers",
    "partners_informal_groups",
]
TRUE_WORDS = {"1", "tak", "true", "t", "yes", "y", "x"}
FALSE_WORDS = {"0", "nie", "false", "f", "no", "n", ""}


class ImportRowError(DomainError):
    """One CSV row cannot be imported; the message says why."""


class ImportOutcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class RowReport:
    line: int
    outcome: str
    name: str = ""
    reason: str = ""


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def created(self):
        return self.count(ImportOutcome.CREATED)

    @property
    def updated(self):
        return self.count(ImportOutcome.UPDATED)

    @property
    def unchanged(self):
        return self.count(ImportOutcome.UNCHANGED)

    @property
    def rejected(self):
        return self.count(ImportOutcome.REJECTED)


def _parse_bool(value, column):
    word = (value or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImportRowError(
        _("Kolumna %(column)s: „%(value)s” nie jest wartością tak/nie.") % {"column": column, "value": value}
    )


def _parse_areas(value):
    slugs = [polish_slug(part.strip()) for part in (value or "").replace(";", ",").split(",") if part.strip()]
    areas = list(Area.objects.filter(slug__in=slugs))
    missing = set(slugs) - {a.slug for a in areas}
    if missing:
        raise ImportRowError(
            _("Nieznany obszar działania: %(value)s.") % {"value": ", ".join(sorted(missing))}
        )
    return areas


def _validation_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def import_organisation_row(row: dict) -> tuple[str, Organisation]:
    """Create or update one organisation from a CSV row (matched by KRS, then slug).

    New organisations are published; updates are published too, except for an
    organisation that is unpublished, which only gets a new draft revision.
    """
    name = (row.get("name") or "").strip()
    if not name:
        raise ImportRowError(_("Brak nazwy organizacji."))
    krs = normalise_krs(row.get("krs") or "")
    slug = polish_slug((row.get("slug") or "").strip() or name)[:100]
    if not slug:
        raise ImportRowError(_("Nie da się utworzyć identyfikatora z nazwy."))
    district = None
    district_slug = (row.get("district") or "").strip()
    if district_slug:
        district = District.objects.filter(slug=polish_slug(district_slug)).first()
        if district is None:
            raise ImportRowError(_("Nieznana dzielnica: %(value)s.") % {"value": district_slug})
    areas = _parse_areas(row.get("areas"))

    organisation = None
    if krs:
        organisation = Organisation.objects.filter(krs=krs).first()
    if organisation is None:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation and krs and organisation.krs and organisation.krs != krs:
            raise ImportRowError(
                _("Identyfikator %(slug)s należy do organizacji z innym numerem KRS.") % {"slug": slug}
            )
    outcome = ImportOutcome.UPDATED if organisation else ImportOutcome.CREATED
    organisation = organisation or Organisation(slug=slug)
    before = _import_snapshot(organisation)

    organisation.name = name
    if krs:
        organisation.krs = krs
    for column in ("description", "address", "website", "email", "phone"):
        if column in row and row[column] is not None:
            setattr(organisation, column, row[column].strip())
    if district is not None:
        organisation.district = district
    for column in ("accepts_volunteers", "partners_informal_groups"):
        if (row.get(column) or "").strip():
            setattr(organisation, column, _parse_bool(row[column], column))
    try:
        organisation.full_clean()
    except ValidationError as error:
        raise ImportRowError(_validation_text(error)) from error
    if "areas" in row:
        organisation.areas.set(areas)
    if outcome == ImportOutcome.UPDATED and _import_snapshot(organisation) == before:
        return ImportOutcome.UNCHANGED, organisation
    was_unpublished = outcome == ImportOutcome.UPDATED and not organisation.live
    organisation.save()
    revision = organisation.save_revision()
    if not was_unpublished:  # an organisation staff took offline stays offline
        revision.publish()
    return outcome, organisation


def _import_snapshot(organisation):
    """What an import row can change, to tell "updated" from "unchanged" on a re-run."""
    fields = (
        "name", "krs", "description", "address", "website", "email", "phone",
        "district_id", "accepts_volunteers", "partners_informal_groups",
    )  # fmt: skip
    values = {name: getattr(organisation, name) for name in fields}
    values["areas"] = sorted(area.pk for area in organisation.areas.all()) if organisation.pk else []
    return values


def import_organisations(file, *, progress=None) -> ImportReport:
    """Import a CSV of organisations, each row on its own savepoint; returns a per-row report.

    Idempotent: a row matches an existing organisation by KRS, else by slug, and
    updates it. A rejected row never stops the others. ``progress(done, total)``
    is called after each row.
    """
    text = file.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    report = ImportReport()
    for index, raw in enumerate(rows, start=1):
        line = index + 1  # the header is line 1
        row = {(key or "").strip().lower(): value for key, value in raw.items() if key}
        try:
            with transaction.atomic():
                outcome, organisation = import_organisation_row(row)
            report.rows.append(RowReport(line, outcome, organisation.name))
        except IntegrityError as error:
            report.rows.append(
                RowReport(line, ImportOutcome.REJECTED, (row.get("name") or "").strip(), str(error))
            )
        except ImportRowError as error:
            report.rows.append(
                RowReport(line, ImportOutcome.REJECTED, (row.get("name") or "").strip(), str(error.message))
            )
        if progress:
            progress(index, len(rows))
    return report
