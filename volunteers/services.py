"""Rules of the volunteering directory: what is public, how it is filtered and searched, imports;
and of the youth projects organisations co-organise with CAS.

The website, the API, the home-page section, search and the sitemap all read
organisations and opportunities through these functions, so "live" and "open"
mean the same everywhere.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from cas_site.errors import Conflict, DomainError
from home import outbox
from home.locking import lock_row
from home.models import District
from home.services import search_words
from initiatives.choices import SupportType
from initiatives.services import StoryExists, draft_success_story
from volunteers.choices import ProjectEventKind, ProjectNeed, ProjectStatus
from volunteers.models import (
    Area,
    Opportunity,
    Organisation,
    Skill,
    YouthProject,
    YouthProjectEvent,
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


# --- Youth projects co-organised with CAS ----------------------------------------------------------
#
# An organisation proposes (the partner portal calls ``propose_project`` with the member); CAS
# decides, starts and finishes it in the admin, each time with an optional comment back to the
# organisation, which its proposer gets by e-mail; the thread goes both ways
# (``comment_on_project``). An accepted project is linked to a campaign, workshops and the
# organisation's opportunities; a finished one becomes a success story in one action.

P = ProjectStatus
#: The review workflow of a youth project. Declined and finished lead nowhere.
PROJECT_TRANSITIONS = {
    P.SUBMITTED: {P.ACCEPTED, P.DECLINED},
    P.ACCEPTED: {P.RUNNING},
    P.RUNNING: {P.FINISHED},
}
#: Statuses in which a project can be linked to a campaign, workshops and opportunities.
LINKABLE_PROJECT_STATUSES = {P.ACCEPTED, P.RUNNING, P.FINISHED}
#: What CAS gave, as a success story records it (``initiatives.choices.SupportType``).
NEED_AS_SUPPORT = {
    ProjectNeed.ROOM: SupportType.ROOM,
    ProjectNeed.SCHOOL_PROMOTION: SupportType.PROMOTION,
    ProjectNeed.MENTORING: SupportType.MENTORING,
}
MAX_COMMENT_LENGTH = 4000


class InvalidProject(DomainError):
    """A proposal that breaks a rule (the message and ``loc`` say which field)."""


class InvalidProjectTransition(Conflict):
    """The project's workflow does not allow this step now."""

    def __init__(self, current, target):
        labels = dict(ProjectStatus.choices)
        super().__init__(
            _("Nie można zmienić statusu projektu z „%(current)s” na „%(target)s”.")
            % {"current": labels[current], "target": labels.get(target, target)},
            loc=("status",),
        )


class CommentRequired(DomainError):
    message = _("Napisz organizacji, dlaczego projekt nie został przyjęty.")
    loc = ("comment",)


class ProjectNotLinkable(Conflict):
    message = _("Kampanię, warsztaty i oferty można powiązać dopiero z przyjętym projektem.")


class ProjectStoryNotAllowed(Conflict):
    message = _("Historię sukcesu można utworzyć tylko z zakończonego projektu.")


@dataclass
class ProjectProposal:
    """What an organisation tells CAS about a youth project (type-checked by a form or schema)."""

    title: str
    description: str
    age_min: int
    age_max: int
    needs: list[str] = field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None


def _comment(text) -> str:
    text = (text or "").strip()
    if len(text) > MAX_COMMENT_LENGTH:
        raise InvalidProject(
            _("Komentarz może mieć najwyżej %(count)s znaków.") % {"count": MAX_COMMENT_LENGTH},
            loc=("comment",),
        )
    return text


def validate_proposal(data: ProjectProposal) -> ProjectProposal:
    """Apply the rules a schema cannot express; return the cleaned proposal."""
    title, description = (data.title or "").strip(), (data.description or "").strip()
    if not title:
        raise InvalidProject(_("Podaj tytuł projektu."), loc=("title",))
    if len(title) > 200:
        raise InvalidProject(_("Tytuł może mieć najwyżej 200 znaków."), loc=("title",))
    if not description:
        raise InvalidProject(_("Opisz projekt."), loc=("description",))
    if len(description) > 5000:
        raise InvalidProject(_("Opis może mieć najwyżej 5000 znaków."), loc=("description",))
    for name in ("age_min", "age_max"):
        age = getattr(data, name)
        if not isinstance(age, int) or not 6 <= age <= 30:
            raise InvalidProject(_("Projekt jest dla osób w wieku od 6 do 30 lat."), loc=(name,))
    if data.age_min > data.age_max:
        raise InvalidProject(_("Wiek „od” nie może być większy niż wiek „do”."), loc=("age_max",))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidProject(_("Koniec projektu nie może być przed jego początkiem."), loc=("ends_on",))
    needs = list(data.needs or [])
    if set(needs) - set(ProjectNeed.values):
        raise InvalidProject(_("Nieznany rodzaj wsparcia."), loc=("needs",))
    if not needs:
        raise InvalidProject(_("Zaznacz, czego oczekujecie od CAS."), loc=("needs",))
    return ProjectProposal(
        title=title,
        description=description,
        age_min=data.age_min,
        age_max=data.age_max,
        needs=[need for need in ProjectNeed.values if need in needs],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )


def _project_email(kind, project, *, event=None, to_staff=False):
    """Queue one of the projects' e-mails (``volunteers.emails``): to CAS staff, or to the
    organisation's proposer (the organisation's address when the proposer's account is gone)."""
    if to_staff:
        to, language = settings.CAS_STAFF_EMAIL, settings.LANGUAGE_CODE
    else:
        proposer = project.proposed_by
        to = (proposer.email if proposer is not None else "") or project.organisation.email
        if not to:
            return None
        language = project.language
    return outbox.queue(
        f"projects.{kind}",
        to,
        about=project,
        context={"event": event.pk} if event else None,
        language=language,
    )


def propose_project(organisation, user, data: ProjectProposal, *, language: str = "pl") -> YouthProject:
    """An organisation's member proposes a youth project to CAS; CAS staff are told (by e-mail)."""
    data = validate_proposal(data)
    with transaction.atomic():
        project = YouthProject.objects.create(
            organisation=organisation,
            proposed_by=user,
            title=data.title,
            description=data.description,
            age_min=data.age_min,
            age_max=data.age_max,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            needs=data.needs,
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        )
        event = YouthProjectEvent.objects.create(
            project=project,
            kind=ProjectEventKind.PROPOSED,
            actor=user,
            from_organisation=True,
            to_status=project.status,
        )
        _project_email("proposed", project, event=event, to_staff=True)
    return project


def allowed_project_steps(project) -> list[str]:
    return [
        status for status in ProjectStatus.values if status in PROJECT_TRANSITIONS.get(project.status, ())
    ]


def _move_project(project, new_status, *, by, comment, stamp) -> YouthProject:
    """One step of the workflow under the project's row lock, recorded and e-mailed."""
    comment = _comment(comment)
    with transaction.atomic():
        locked = lock_row(YouthProject.objects.filter(pk=project.pk)).get()
        if new_status not in PROJECT_TRANSITIONS.get(locked.status, ()):
            raise InvalidProjectTransition(locked.status, new_status)
        event = YouthProjectEvent.objects.create(
            project=locked,
            kind=ProjectEventKind.STATUS,
            actor=by,
            from_status=locked.status,
            to_status=new_status,
            comment=comment,
        )
        locked.status = new_status
        setattr(locked, stamp, event.created_at)
        locked.save(update_fields=["status", stamp, "updated_at"])
        _project_email("status_changed", locked, event=event)
    for name in ("status", stamp, "updated_at"):
        setattr(project, name, getattr(locked, name))
    return project


def decide_project(project, decision, *, by, comment: str = "") -> YouthProject:
    """CAS accepts or declines a submitted project, with a comment to the organisation (required
    when declining: the organisation learns why)."""
    if decision not in (ProjectStatus.ACCEPTED, ProjectStatus.DECLINED):
        raise InvalidProject(_("Decyzja to przyjęcie albo odrzucenie projektu."), loc=("decision",))
    if decision == ProjectStatus.DECLINED and not (comment or "").strip():
        raise CommentRequired()
    return _move_project(project, decision, by=by, comment=comment, stamp="decided_at")


def start_project(project, *, by, comment: str = "") -> YouthProject:
    """An accepted project starts running."""
    return _move_project(project, ProjectStatus.RUNNING, by=by, comment=comment, stamp="started_at")


def finish_project(project, *, by, comment: str = "") -> YouthProject:
    """A running project is finished (it may then become a success story)."""
    return _move_project(project, ProjectStatus.FINISHED, by=by, comment=comment, stamp="finished_at")


def comment_on_project(project, text: str, *, by, from_organisation: bool = False) -> YouthProjectEvent:
    """A comment in the project's thread: CAS's reaches the proposer by e-mail, the
    organisation's (from the portal) reaches CAS staff."""
    text = _comment(text)
    if not text:
        raise InvalidProject(_("Komentarz nie może być pusty."), loc=("comment",))
    with transaction.atomic():
        event = YouthProjectEvent.objects.create(
            project=project,
            kind=ProjectEventKind.COMMENT,
            actor=by,
            from_organisation=from_organisation,
            from_status=project.status,
            to_status=project.status,
            comment=text,
        )
        _project_email("comment", project, event=event, to_staff=from_organisation)
    return event


def link_project(project, *, by, campaign=None, workshops=(), opportunities=()) -> YouthProject:
    """Link an accepted (running, finished) project to a campaign page, workshop pages and the
    organisation's own opportunities (replacing the earlier links)."""
    workshops, opportunities = list(workshops), list(opportunities)
    with transaction.atomic():
        locked = lock_row(YouthProject.objects.filter(pk=project.pk)).get()
        if locked.status not in LINKABLE_PROJECT_STATUSES:
            raise ProjectNotLinkable()
        if any(o.organisation_id != locked.organisation_id for o in opportunities):
            raise InvalidProject(
                _("Powiązać można tylko oferty organizacji, która zgłosiła projekt."), loc=("opportunities",)
            )
        locked.campaign = campaign
        locked.save(update_fields=["campaign", "updated_at"])
        locked.workshops.set(workshops)
        locked.opportunities.set(opportunities)
        names = [page.title for page in ([campaign] if campaign else []) + workshops] + [
            o.title for o in opportunities
        ]
        YouthProjectEvent.objects.create(
            project=locked,
            kind=ProjectEventKind.LINKS,
            actor=by,
            from_status=locked.status,
            to_status=locked.status,
            comment=", ".join(names) or str(_("bez powiązań")),
        )
    project.campaign = locked.campaign
    return project


def project_to_success_story(project, by=None):
    """Make a finished project into a draft success story in one action (once): the
    organisation's name, the age group, the district, the year, the description and what CAS
    gave are copied, and the organisation is named as the partner — no personal data."""
    with transaction.atomic():
        locked = lock_row(YouthProject.objects.filter(pk=project.pk)).get()
        if locked.status != ProjectStatus.FINISHED:
            raise ProjectStoryNotAllowed()
        if hasattr(locked, "success_story"):
            raise StoryExists(_("Ten projekt ma już historię sukcesu."))
        organisation = locked.organisation
        page = draft_success_story(
            title=locked.title,
            group_name=organisation.name,
            year=(locked.ends_on or timezone.localdate()).year,
            by=by,
            age_min=locked.age_min,
            age_max=locked.age_max,
            district=organisation.district,
            problem=locked.description,
            support_given=[NEED_AS_SUPPORT[n] for n in locked.needs if n in NEED_AS_SUPPORT],
            partners=[organisation],
            youth_project=locked,
        )
        YouthProjectEvent.objects.create(
            project=locked,
            kind=ProjectEventKind.STORY,
            actor=by,
            from_status=locked.status,
            to_status=locked.status,
            comment=str(_("Utworzono szkic historii sukcesu „%(title)s”.")) % {"title": page.title},
        )
    return page
