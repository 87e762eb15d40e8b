"""Youth projects co-organised with CAS: proposal, review, links and the success story."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cas_site.errors import Conflict, DomainError
from home import outbox
from home.locking import lock_row
from initiatives.choices import SupportType
from initiatives.services import StoryExists, draft_success_story
from volunteers.choices import ProjectEventKind, ProjectNeed, ProjectStatus
from volunteers.models import (
    YouthProject,
    YouthProjectEvent,
)

#: Rendition of a logo in listings and the API (prefetched, so lists stay O(1) in queries).
LOGO_FILTER = "max-240x160"
#: The most search hits considered; more words narrow it down.
MAX_SEARCH_HITS = 500


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
