"""Changes an organisation makes to its public profile and its offers, moderated by CAS.

A change is a new revision of the snippet, built on its latest revision (so a second change
while the first waits keeps the first's data), authored by the member who made it, and sent to
Wagtail's moderation workflow of the two models ("Moderacja zmian partnerów", one
group-approval task for "Koordynacja wolontariatu", migration 0012). The row of a published
record always holds the live version, which the website and the API read; a coordinator's
approval in the admin publishes the latest revision, a refusal ("Poproś o zmiany", with a
comment) leaves the live version as it was. ``change_states`` is what the organisation sees.

Only the fields in ``ORGANISATION_FIELDS`` and ``OPPORTUNITY_FIELDS`` can be changed this way;
naming any other (name, KRS, slug, verification, the address for applications, which has its
own confirmed change in ``contact``) refuses the whole change. The callers (the partner portal
and its API) decide who may act for which organisation; these functions take that user.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from cas_site.errors import Conflict, DomainError
from home import outbox
from home.locking import lock_row
from volunteers.choices import ChangeState
from volunteers.models import OPPORTUNITY_CLOSE_ACTION, BenefitsField, Opportunity, Organisation

__all__ = [
    "APPROVED_KIND",
    "OPPORTUNITY_FIELDS",
    "ORGANISATION_FIELDS",
    "RECENT_CHANGES",
    "REFUSED_KIND",
    "SUBMITTED_KIND",
    "ChangeLocked",
    "ChangeStatus",
    "InvalidChange",
    "ModerationUnavailable",
    "change_states",
    "close_opportunity",
    "create_opportunity",
    "duplicate_opportunity",
    "is_partner_moderated",
    "notify_decision",
    "notify_staff_of_change",
    "submit_opportunity_change",
    "submit_organisation_change",
]

#: What an organisation may change in its public profile. Not: name, slug, KRS, the verification
#: flag (CAS vouches for those), the logo (an upload needs its own checked path) or the e-mail
#: address applications go to (``contact.change_contact_email``).
ORGANISATION_FIELDS = (
    "description",
    "areas",
    "district",
    "address",
    "website",
    "phone",
    "accepts_volunteers",
    "partners_informal_groups",
)
#: What an organisation may set in its offers (never the organisation an offer belongs to).
OPPORTUNITY_FIELDS = (
    "title",
    "description",
    "skills",
    "areas",
    "district",
    "remote",
    "min_age",
    "places",
    "commitment",
    "hours",
    "starts_on",
    "ends_on",
    "application_deadline",
    "benefits",
    "requirements",
)
#: Decided changes stay in ``change_states`` this long; those waiting for CAS always do.
RECENT_CHANGES = timedelta(days=90)
#: Added to the title of a duplicated offer (stored content: Polish, like all content).
COPY_SUFFIX = " (kopia)"

SUBMITTED_KIND = "volunteers.change_submitted"
APPROVED_KIND = "volunteers.change_approved"
REFUSED_KIND = "volunteers.change_refused"

NOT_EDITABLE = _("Tego pola organizacja nie zmienia sama; o zmianę poproś koordynację wolontariatu CAS.")
WRONG_VALUE = _("Nieprawidłowa wartość.")


class InvalidChange(DomainError):
    """A change names a field the organisation may not change, or a value that is not valid.

    ``errors`` maps each field (``"__all__"`` for the record as a whole) to its messages; the
    message and ``loc`` are the first of them.
    """

    status = 422
    message = _("Popraw zaznaczone pola.")

    def __init__(self, errors):
        self.errors = {str(name): [str(m) for m in messages] for name, messages in errors.items()}
        name, messages = next(iter(self.errors.items()))
        loc = ("body", "payload") if name == NON_FIELD_ERRORS else ("body", "payload", name)
        super().__init__(messages[0], loc=loc)


class ChangeLocked(Conflict):
    """A coordinator has locked the record in the admin to edit it."""

    message = _("Koordynacja wolontariatu CAS właśnie edytuje tę treść. Spróbuj ponownie za chwilę.")


class ModerationUnavailable(DomainError):
    """No active workflow is assigned to the model: a change is never published unchecked."""

    status = 503
    message = _("Zmian nie można teraz przesłać do CAS. Spróbuj później albo napisz do nas.")


# --- Turning submitted data into field values ---------------------------------------------------


def _term(model, value):
    """A vocabulary term (district, skill, area) given by its slug, or None for an empty value."""
    if value is None or value == "":
        return None
    if isinstance(value, model):
        return value
    if isinstance(value, str):
        term = model.objects.filter(slug=value.strip()).first()
        if term is not None:
            return term
        raise ValidationError(_("Nie ma wartości „%(value)s”.") % {"value": value.strip()[:60]})
    raise ValidationError(WRONG_VALUE)


def _terms(model, value):
    if value is None or value == "":
        return []
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        raise ValidationError(WRONG_VALUE)
    terms = [_term(model, item) for item in value]
    return list({term.pk: term for term in terms if term is not None}.values())


def _scalar(field, value):
    if isinstance(field, (models.CharField, models.TextField)):  # also URLField
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValidationError(WRONG_VALUE)
        return value.replace("\r\n", "\n").strip()
    if isinstance(field, BenefitsField):
        if value is None:
            return []
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValidationError(WRONG_VALUE)
        if not all(isinstance(item, str) for item in value):
            raise ValidationError(WRONG_VALUE)
        return list(dict.fromkeys(value))
    if isinstance(field, models.BooleanField):
        return False if value is None or value == "" else field.to_python(value)
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple, Mapping)):
        raise ValidationError(WRONG_VALUE)
    return field.to_python(value)


def _apply(obj, data, editable):
    """Set ``data`` on ``obj`` (unsaved), field by field, and validate the whole record."""
    if not isinstance(data, Mapping):
        raise InvalidChange({NON_FIELD_ERRORS: [WRONG_VALUE]})
    refused = [name for name in data if name not in editable]
    if refused:
        raise InvalidChange({name: [NOT_EDITABLE] for name in refused})
    errors, relations = {}, {}
    for name, value in data.items():
        field = obj._meta.get_field(name)
        try:
            if field.many_to_many:
                relations[name] = _terms(field.related_model, value)
            elif field.is_relation:
                setattr(obj, name, _term(field.related_model, value))
            else:
                setattr(obj, field.attname, _scalar(field, value))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise InvalidChange(errors)
    for name, terms in relations.items():
        getattr(obj, name).set(terms)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise InvalidChange(error.message_dict) from error


# --- Moderation --------------------------------------------------------------------------------


def _workflow(obj):
    workflow = obj.get_workflow()
    if workflow is None:
        raise ModerationUnavailable()
    return workflow


def _check_not_locked(live, user):
    if live.locked and live.locked_by_id != getattr(user, "pk", None):
        raise ChangeLocked()


def _moderate(obj, workflow, user):
    """Send the latest revision of ``obj`` to CAS: start the workflow, resume it after a refusal,
    or, when CAS has not decided yet, restart its review on the newer revision."""
    state = obj.current_workflow_state
    if state is None:
        workflow.start(obj, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        state.current_task_state.specific.cancel(user=user, resume=True)


def _submit(obj, user, data, editable):
    model = type(obj)
    with transaction.atomic():
        live = lock_row(model.objects.filter(pk=obj.pk)).get()
        _check_not_locked(live, user)
        workflow = _workflow(live)
        draft = live.get_latest_revision_as_object()
        _apply(draft, data, editable)
        # A live record's row stays as it is (EditAction only adds the revision).
        action = EditAction(draft, user=user, clean=False)
        draft = action.execute(skip_permission_checks=True)
        _moderate(draft, workflow, user)
    return action.revision


def submit_organisation_change(organisation, user, data):
    """Submit ``user``'s change of ``organisation``'s public profile to CAS; returns the new revision.

    ``data`` maps fields of ``ORGANISATION_FIELDS`` to values (``areas`` and ``district`` by
    slug). The public profile stays as it is until CAS approves. Raises ``InvalidChange``,
    ``ChangeLocked``, ``ModerationUnavailable``.
    """
    return _submit(organisation, user, data, ORGANISATION_FIELDS)


def submit_opportunity_change(opportunity, user, data):
    """Submit ``user``'s change of an offer to CAS; returns the new revision (see
    ``submit_organisation_change``; ``skills``, ``areas`` and ``district`` by slug, dates as
    dates or ISO strings). A closed offer opens again when CAS approves the change."""
    return _submit(opportunity, user, data, OPPORTUNITY_FIELDS)


def create_opportunity(organisation, user, data) -> Opportunity:
    """A new offer of ``organisation``, sent to CAS; not public until CAS approves it."""
    opportunity = Opportunity(organisation=organisation, live=False)
    workflow = _workflow(opportunity)
    _apply(opportunity, data, OPPORTUNITY_FIELDS)
    with transaction.atomic():
        opportunity = CreateAction(opportunity, user=user, clean=False).execute(skip_permission_checks=True)
        _moderate(opportunity, workflow, user)
    return opportunity


def close_opportunity(opportunity, user) -> Opportunity:
    """Stop an offer at once: it leaves the website and the API and takes no more applications.

    Not moderated (an organisation must be able to stop applications now). A change waiting
    for CAS is withdrawn, so an approval cannot open the offer again; the closing is in the
    offer's history (``OPPORTUNITY_CLOSE_ACTION``). Editing the offer later and having CAS
    approve it opens it again. Applications already made stay.
    """
    with transaction.atomic():
        live = lock_row(Opportunity.objects.filter(pk=opportunity.pk)).get()
        state = live.current_workflow_state
        if state is None and not live.live:
            return live  # closed already
        if state is not None:
            state.cancel(user=user)
        if live.live:
            UnpublishAction(live, user=user, log_action=False).execute(skip_permission_checks=True)
        log(live, OPPORTUNITY_CLOSE_ACTION, user=user)
    return live


def duplicate_opportunity(opportunity, user) -> Opportunity:
    """A draft copy of an offer (as last written), for the organisation to adjust and submit
    with ``submit_opportunity_change``; nothing is sent to CAS yet."""
    source = Opportunity.objects.get(pk=opportunity.pk).get_latest_revision_as_object()
    copy = Opportunity(organisation_id=source.organisation_id, live=False)
    for name in OPPORTUNITY_FIELDS:
        field = Opportunity._meta.get_field(name)
        if field.many_to_many:
            getattr(copy, name).set(list(getattr(source, name).all()))
        else:
            value = getattr(source, field.attname)
            setattr(copy, field.attname, list(value) if isinstance(value, list) else value)
    max_length = Opportunity._meta.get_field("title").max_length
    copy.title = source.title[: max_length - len(COPY_SUFFIX)] + COPY_SUFFIX
    with transaction.atomic():
        return CreateAction(copy, user=user, clean=False).execute(skip_permission_checks=True)


# --- What the organisation sees ------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeStatus:
    """One change of the profile or of an offer, as the organisation sees it."""

    subject: object  # the Organisation or Opportunity (its live row)
    title: str  # the name or title as the change has it
    state: ChangeState
    comment: str  # CAS's comment: the reason when refused, an optional note when approved
    submitted_by: object | None  # the user who made the change
    submitted_at: datetime
    decided_at: datetime | None
    revision_id: int

    @property
    def is_opportunity(self) -> bool:
        return isinstance(self.subject, Opportunity)


def _state_of(workflow_state, task_state, subject) -> ChangeState:
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ChangeState.IN_MODERATION
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ChangeState.REFUSED
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        return ChangeState.APPROVED
    # Cancelled: a coordinator published the record directly (which ends the review), or the
    # organisation closed the offer, or someone cancelled the review in the admin.
    if subject.live and subject.live_revision_id and subject.live_revision_id >= task_state.revision_id:
        return ChangeState.APPROVED
    return ChangeState.WITHDRAWN


def change_states(organisation, *, now=None) -> list[ChangeStatus]:
    """Every change of ``organisation``'s profile and offers that waits for CAS, was decided in
    the last ``RECENT_CHANGES``, or is a draft not sent yet; the most recent first."""
    now = now or timezone.now()
    since = now - RECENT_CHANGES
    opportunities = list(Opportunity.objects.filter(organisation=organisation))
    subjects = [Organisation.objects.get(pk=organisation.pk), *opportunities]
    by_key = {(s.get_base_content_type().pk, str(s.pk)): s for s in subjects}
    match = Q()
    for content_type_id, object_id in by_key:
        match |= Q(base_content_type_id=content_type_id, object_id=object_id)
    active = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)
    states = (
        WorkflowState.objects.filter(match)
        .filter(
            Q(status__in=active) | Q(created_at__gte=since) | Q(current_task_state__finished_at__gte=since)
        )
        .select_related("current_task_state__revision__user")
        .order_by("-created_at")
    )
    result, reviewed = [], {}
    for workflow_state in states:
        task_state = workflow_state.current_task_state
        if task_state is None:
            continue
        subject = by_key[(workflow_state.base_content_type_id, workflow_state.object_id)]
        state = _state_of(workflow_state, task_state, subject)
        decided = task_state.status in (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED)
        revision = task_state.revision
        result.append(
            ChangeStatus(
                subject=subject,
                title=revision.object_str,
                state=state,
                comment=task_state.comment if decided else "",
                submitted_by=revision.user,
                submitted_at=revision.created_at,
                decided_at=task_state.finished_at if state != ChangeState.IN_MODERATION else None,
                revision_id=revision.pk,
            )
        )
        reviewed[subject] = max(reviewed.get(subject, 0), revision.pk)
        if workflow_state.status in active:
            reviewed[subject] = float("inf")
    result += _drafts(subjects, reviewed)
    return sorted(result, key=lambda c: max(c.submitted_at, c.decided_at or c.submitted_at), reverse=True)


def _drafts(subjects, reviewed):
    """Latest revisions never sent to CAS (a duplicated offer, for one) nor published."""
    drafts = []
    for subject in subjects:
        revision = subject.latest_revision
        if revision is None or not subject.has_unpublished_changes:
            continue
        if revision.pk <= reviewed.get(subject, 0):
            continue
        if subject.last_published_at and revision.created_at <= subject.last_published_at:
            continue  # the published version itself (an offer that was closed)
        drafts.append(
            ChangeStatus(
                subject=subject,
                title=revision.object_str,
                state=ChangeState.DRAFT,
                comment="",
                submitted_by=revision.user,
                submitted_at=revision.created_at,
                decided_at=None,
                revision_id=revision.pk,
            )
        )
    return drafts


# --- Who hears of a change ---------------------------------------------------------------------


def is_partner_moderated(obj) -> bool:
    """Is ``obj`` a record whose moderation e-mails go through the outbox (these two models)?"""
    return isinstance(obj, (Organisation, Opportunity))


def _about(workflow_state, revision):
    subject = workflow_state.content_object
    organisation = subject if isinstance(subject, Organisation) else subject.organisation
    return subject, {
        "kind": "opportunity" if isinstance(subject, Opportunity) else "organisation",
        "title": revision.object_str,
        "organisation": organisation.name,
    }


def notify_staff_of_change(task_state) -> None:
    """CAS's staff address hears of a change waiting for review (new, updated or resubmitted)."""
    workflow_state = task_state.workflow_state
    subject, context = _about(workflow_state, task_state.revision)
    meta = subject._meta
    path = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[subject.pk])
    author = task_state.revision.user
    context["author"] = (author.get_full_name() or author.get_username()) if author else ""
    context["admin_url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    outbox.queue(
        SUBMITTED_KIND, settings.CAS_STAFF_EMAIL, about=workflow_state, context=context, language="pl"
    )


def notify_decision(workflow_state, decided_by=None) -> None:
    """The members who made the change (its latest author and who first sent it) hear CAS's
    decision, with the comment; not the coordinator who decided on their own change."""
    task_state = workflow_state.current_task_state
    revision = task_state.revision
    subject, context = _about(workflow_state, revision)
    approved = workflow_state.status == WorkflowState.STATUS_APPROVED
    context["comment"] = task_state.comment
    if approved:
        subject.refresh_from_db()
        if subject.live:
            context["url"] = outbox.site_url(subject.get_absolute_url())
    User = get_user_model()
    ids = {revision.user_id, workflow_state.requested_by_id} - {None, getattr(decided_by, "pk", None)}
    addresses = {
        user.email.lower(): user.email
        for user in User.objects.filter(pk__in=ids, is_active=True).exclude(email="")
    }
    for address in addresses.values():
        outbox.queue(
            APPROVED_KIND if approved else REFUSED_KIND,
            address,
            about=workflow_state,
            context=context,
            language="pl",
        )
