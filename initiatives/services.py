"""The rules of youth initiatives: submitting ideas, the guardian's consent, the review workflow,
turning a realised idea (or another app's finished project) into a success story, and the
public story listing.

Views, the API and the admin parse input, call one of these verbs and turn a domain error
into a response; nothing else decides.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cas_site.errors import Conflict, DomainError
from home import ages, links, outbox
from home.models import District
from home.services import next_reference
from initiatives.choices import EventKind, LinkPurpose, SubmissionStatus, SupportType
from initiatives.models import (
    IdeaSubmission,
    IdeaSubmissionEvent,
    InitiativeIndexPage,
    SuccessStoryImage,
    SuccessStoryPage,
    Topic,
)

#: Version of the terms a group accepts when it submits an idea (recorded with the consent).
TERMS_VERSION = "2026-01"

S = SubmissionStatus
#: The review workflow: which status may follow which. Closed statuses lead nowhere.
TRANSITIONS = {
    S.PENDING_GUARDIAN: {S.WITHDRAWN},
    S.SUBMITTED: {S.CONSULTATION, S.REJECTED, S.WITHDRAWN},
    S.CONSULTATION: {S.SUPPORTED, S.REJECTED, S.WITHDRAWN},
    S.SUPPORTED: {S.REALISED, S.WITHDRAWN},
    S.REALISED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}


class InvalidField(DomainError):
    """Input that passed the schema but breaks a rule (an unknown district, a missing e-mail)."""


class InvalidTransition(DomainError):
    """The review workflow does not allow this change of status."""

    def __init__(self, current, target):
        labels = dict(SubmissionStatus.choices)
        super().__init__(
            _("Nie można zmienić statusu zgłoszenia z „%(current)s” na „%(target)s”.")
            % {"current": labels[current], "target": labels.get(target, target)},
            loc=("status",),
        )


class StoryNotAllowed(DomainError):
    """Only a realised idea becomes a success story."""

    message = _("Historię sukcesu można utworzyć tylko ze zrealizowanego pomysłu.")


class StoryExists(Conflict):
    message = _("To zgłoszenie ma już historię sukcesu.")


class NoInitiativeIndex(DomainError):
    message = _("Brak strony „Inicjatywy”, pod którą można utworzyć historię sukcesu.")


@dataclass
class IdeaData:
    """What a group tells CAS about its idea (already type-checked by a form or the API schema)."""

    group_name: str
    leader_name: str
    email: str
    birth_year: int
    members_count: int
    title: str
    description: str
    district: str
    needs: list[str] = field(default_factory=list)
    terms_accepted: bool = False
    informal_group: bool = True
    phone: str = ""
    age_min: int | None = None
    age_max: int | None = None
    funding_amount: Decimal | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    guardian_email: str = ""


def leader_age(birth_year: int, today: date | None = None) -> int:
    """Age counted by birth year only (we never ask for the full date of birth)."""
    return ages.age_in_year(birth_year, today.year if today else None)


def needs_guardian(birth_year: int) -> bool:
    return ages.needs_guardian_consent(leader_age(birth_year))


def fake_reference() -> str:
    """What a bot that filled the honeypot is shown: looks like a reference, stores nothing."""
    return f"CAS-{timezone.localdate().year}-{secrets.randbelow(9000) + 1000:04d}"


def validate_idea(data: IdeaData) -> District:
    """Apply the rules a schema cannot express; return the district."""
    if not data.terms_accepted:
        raise InvalidField(_("Zaakceptuj regulamin, aby wysłać zgłoszenie."), loc=("consents", "terms"))
    district = District.objects.filter(slug=data.district).first()
    if district is None:
        raise InvalidField(_("Nieznana dzielnica."), loc=("district",))
    this_year = timezone.localdate().year
    if not 1920 <= data.birth_year <= this_year:
        raise InvalidField(_("Podaj prawdziwy rok urodzenia."), loc=("birth_year",))
    if not ages.may_act_alone(leader_age(data.birth_year)):
        raise InvalidField(
            _("Lider grupy musi mieć co najmniej %(age)s lat. Młodsi zgłaszają pomysł razem z dorosłym.")
            % {"age": ages.ALONE_AGE},
            loc=("birth_year",),
        )
    if needs_guardian(data.birth_year):
        if not data.guardian_email:
            raise InvalidField(
                _("Osoba poniżej %(age)s lat podaje adres e-mail opiekuna prawnego.")
                % {"age": ages.DIGITAL_CONSENT_AGE},
                loc=("guardian_email",),
            )
        if data.guardian_email.strip().lower() == data.email.strip().lower():
            raise InvalidField(
                _("Adres opiekuna musi być inny niż adres lidera grupy."), loc=("guardian_email",)
            )
    unknown = set(data.needs) - set(SupportType.values)
    if unknown:
        raise InvalidField(_("Nieznany rodzaj wsparcia."), loc=("needs",))
    if SupportType.FUNDING in data.needs and not data.funding_amount:
        raise InvalidField(_("Podaj kwotę potrzebnego wsparcia finansowego."), loc=("funding_amount",))
    if data.age_min and data.age_max and data.age_min > data.age_max:
        raise InvalidField(
            _("Wiek najmłodszej osoby nie może być większy niż najstarszej."), loc=("age_max",)
        )
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        raise InvalidField(_("Planowany koniec nie może być przed początkiem."), loc=("planned_end",))
    return district


def submit_idea(data: IdeaData, *, language: str = "pl") -> IdeaSubmission:
    """Store a group's idea under a new ``CAS-YYYY-NNNN`` reference and queue its e-mails.

    A leader under 16 (by birth year) waits for the guardian's confirmation; staff see the
    submission as active only afterwards.
    """
    district = validate_idea(data)
    guardian_needed = needs_guardian(data.birth_year)
    with transaction.atomic():
        submission = IdeaSubmission.objects.create(
            reference=next_reference(),
            status=S.PENDING_GUARDIAN if guardian_needed else S.SUBMITTED,
            language=language,
            group_name=data.group_name.strip(),
            informal_group=data.informal_group,
            members_count=data.members_count,
            age_min=data.age_min,
            age_max=data.age_max,
            leader_name=data.leader_name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            birth_year=data.birth_year,
            guardian_email=data.guardian_email.strip() if guardian_needed else "",
            title=data.title.strip(),
            description=data.description.strip(),
            needs=[need for need in SupportType.values if need in data.needs],
            funding_amount=data.funding_amount if SupportType.FUNDING in data.needs else None,
            district=district,
            planned_start=data.planned_start,
            planned_end=data.planned_end,
            consent_terms_version=TERMS_VERSION,
            consent_given_at=timezone.now(),
        )
        IdeaSubmissionEvent.objects.create(
            submission=submission, kind=EventKind.CREATED, to_status=submission.status
        )
        _send("submission_received", submission)
        if guardian_needed:
            _send("guardian_request", submission, to=submission.guardian_email)
        else:
            _notify_staff(submission)
    return submission


def _send(kind, submission, to=None, context=None):
    """Queue one of the initiatives' e-mails about ``submission`` (``initiatives.emails``)."""
    outbox.queue(
        f"ideas.{kind}",
        to or submission.email,
        about=submission,
        context=context,
        language=submission.language,
    )


def _notify_staff(submission):
    """A new active idea for the coordinators (no personal data in the message)."""
    outbox.queue("ideas.staff_new_submission", settings.CAS_STAFF_EMAIL, about=submission)


def submission_for_guardian_token(token: str) -> IdeaSubmission:
    """The submission a live guardian link belongs to (the link is not used), or ``LinkGone``."""
    submission = links.peek(token, LinkPurpose.GUARDIAN)
    if submission.status != S.PENDING_GUARDIAN:
        raise links.LinkGone(LinkPurpose.GUARDIAN.gone_message)
    return submission


def confirm_guardian(token: str) -> IdeaSubmission:
    """The guardian agrees: the submission becomes active (``submitted``); the link dies."""

    def on_confirmed(submission, now):
        submission.status = S.SUBMITTED
        submission.save(update_fields=["status", "guardian_confirmed_at", "updated_at"])
        IdeaSubmissionEvent.objects.create(
            submission=submission,
            kind=EventKind.GUARDIAN,
            from_status=S.PENDING_GUARDIAN,
            to_status=S.SUBMITTED,
            message=str(_("Opiekun prawny potwierdził zgodę.")),
        )
        _notify_staff(submission)

    return links.confirm_guardian(
        token,
        LinkPurpose.GUARDIAN,
        IdeaSubmission,
        waiting=lambda submission: submission.status == S.PENDING_GUARDIAN,
        on_confirmed=on_confirmed,
    )


def purge_unconfirmed_submissions(now=None) -> int:
    """Delete submissions still waiting for a guardian after ``CAS_RETENTION_UNCONFIRMED_DAYS``;
    return how many (the nightly ``purge_personal_data`` runs this with every other register)."""
    from home.privacy import forget_about

    cutoff = (now or timezone.now()) - timedelta(days=settings.CAS_RETENTION_UNCONFIRMED_DAYS)
    expired = IdeaSubmission.objects.filter(status=S.PENDING_GUARDIAN, submitted_at__lt=cutoff)
    forget_about(IdeaSubmission, expired.values_list("pk", flat=True))
    _total, per_model = expired.delete()
    return per_model.get(IdeaSubmission._meta.label, 0)


def allowed_transitions(submission: IdeaSubmission) -> list[str]:
    return [status for status in SubmissionStatus.values if status in TRANSITIONS[submission.status]]


def change_status(
    submission: IdeaSubmission, new_status: str, *, by=None, message: str = ""
) -> IdeaSubmission:
    """Move a submission along the workflow, record it, and tell the leader (with staff's message)."""
    with transaction.atomic():
        locked = IdeaSubmission.objects.select_for_update().get(pk=submission.pk)
        if new_status not in TRANSITIONS[locked.status]:
            raise InvalidTransition(locked.status, new_status)
        event = IdeaSubmissionEvent.objects.create(
            submission=locked,
            actor=by,
            kind=EventKind.STATUS,
            from_status=locked.status,
            to_status=new_status,
            message=message.strip(),
        )
        locked.status = new_status
        locked.save(update_fields=["status", "updated_at"])
        _send("status_changed", locked, context={"event": event.pk})
    submission.status = locked.status
    return locked


def assign_mentor(submission: IdeaSubmission, mentor, *, by=None) -> IdeaSubmission:
    """Name the CAS staff member who looks after the group (internal; the group is not e-mailed)."""
    if submission.mentor_id == (mentor.pk if mentor else None):
        return submission
    with transaction.atomic():
        submission.mentor = mentor
        submission.save(update_fields=["mentor", "updated_at"])
        name = (mentor.get_full_name() or mentor.get_username()) if mentor else "—"
        IdeaSubmissionEvent.objects.create(
            submission=submission,
            actor=by,
            kind=EventKind.MENTOR,
            from_status=submission.status,
            to_status=submission.status,
            message=str(_("Opiekun z CAS: %(name)s")) % {"name": name},
        )
    return submission


def add_note(submission: IdeaSubmission, text: str, *, by=None) -> IdeaSubmissionEvent:
    """An internal note of the staff, kept in the history (never sent to the group)."""
    text = text.strip()
    if not text:
        raise InvalidField(_("Notatka nie może być pusta."), loc=("note",))
    return IdeaSubmissionEvent.objects.create(
        submission=submission,
        actor=by,
        kind=EventKind.NOTE,
        from_status=submission.status,
        to_status=submission.status,
        message=text,
    )


def review_submission(submission, *, by, status="", message="", mentor=None, mentor_changed=False, note=""):
    """One coordinator's decision from the admin form: mentor, note and status change together."""
    with transaction.atomic():
        if mentor_changed:
            assign_mentor(submission, mentor, by=by)
        if note.strip():
            add_note(submission, note, by=by)
        if status and status != submission.status:
            change_status(submission, status, by=by, message=message)
    submission.refresh_from_db()
    return submission


def unique_child_slug(parent, base: str) -> str:
    base = (slugify(base.replace("ł", "l").replace("Ł", "L")) or "historia")[:70]
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def draft_success_story(*, title: str, group_name: str, year: int, by=None, partners=(), **fields):
    """A draft success story page under /inicjatywy/ (not published: editors complete it).

    Every way into a story goes through here — a realised idea of an informal group
    (``create_story_draft``), a finished youth project co-organised with an organisation
    (``volunteers.services.project_to_success_story``); ``fields`` are the story's own fields
    (``submission`` or ``youth_project`` name where it came from). The caller checks that the
    source may become a story and has none yet, under a lock.
    """
    index = InitiativeIndexPage.objects.first()
    if index is None:
        raise NoInitiativeIndex()
    page = SuccessStoryPage(
        title=title,
        slug=unique_child_slug(index, title),
        live=False,
        group_name=group_name,
        year=year,
        owner=by,
        **fields,
    )
    if partners:
        page.partner_organisations = list(partners)
    index.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    return page


def create_story_draft(submission: IdeaSubmission, *, by=None) -> SuccessStoryPage:
    """Start a success story (a draft page under /inicjatywy/) from a realised idea.

    Only what belongs to the group's public story is copied — the group's name, its size and
    age range, district, year, the idea and what it asked for — never the leader's data.
    """
    with transaction.atomic():
        locked = IdeaSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != S.REALISED:
            raise StoryNotAllowed()
        if SuccessStoryPage.objects.filter(submission=locked).exists():
            raise StoryExists()
        page = draft_success_story(
            title=locked.title,
            group_name=locked.group_name,
            year=(locked.planned_end or timezone.localdate()).year,
            by=by,
            members_count=locked.members_count,
            age_min=locked.age_min,
            age_max=locked.age_max,
            district=locked.district,
            problem=locked.description,
            support_given=list(locked.needs),
            submission=locked,
        )
        IdeaSubmissionEvent.objects.create(
            submission=locked,
            actor=by,
            kind=EventKind.STORY,
            from_status=locked.status,
            to_status=locked.status,
            message=str(_("Utworzono szkic historii sukcesu „%(title)s”.")) % {"title": page.title},
        )
    return page


# --- Public listing -------------------------------------------------------------------------


def story_cards(queryset=None, *, year=None, district=None, topic=None, search=None):
    """Live, public success stories for cards, in a constant number of queries.

    ``district`` and ``topic`` are ``District``/``Topic`` instances (or None).
    """
    stories = (queryset if queryset is not None else SuccessStoryPage.objects.all()).live().public()
    if year:
        stories = stories.in_year(year)
    if district:
        stories = stories.in_district(district)
    if topic:
        stories = stories.on_topic(topic)
    if search:
        stories = stories.matching(search)
    return (
        stories.select_related("district")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.all()),
            Prefetch(
                "gallery_images",
                queryset=SuccessStoryImage.objects.publishable()
                .select_related("image")
                .prefetch_related("image__renditions"),
            ),
        )
        .order_by("-year", "-first_published_at", "-pk")
    )


def card_image(story: SuccessStoryPage):
    """The first photo of the gallery that may be published (prefetched by ``story_cards``)."""
    return next((photo for photo in story.gallery_images.all() if photo.publishable), None)
