"""Retention and erasure of the directory's personal data (hooks in ``wagtail_hooks.py``).

**Addresses nobody confirmed yet**: the new addresses asked for an organisation's applications
(``ContactEmailChange``). An organisation's confirmed address is published contact data, not a
person's register (``home.privacy.NOT_PERSONAL_REGISTERS``). A requested one may be anybody's (a
typo), so it goes ``CAS_RETENTION_UNCONFIRMED_DAYS`` after the request if its owner never
confirmed it, and at once when that person asks for erasure.

**Youth projects**: a project belongs to its organisation, but it names people: the member who
proposed it, the staff and members who wrote in its thread, and whatever they typed there.
Erasing a person unlinks them from every project and thread and removes their address from the
texts; ``CAS_RETENTION_PROJECTS_DAYS`` after a project was closed (declined or finished) the
people are unlinked and the thread's comments cleared. Title, description, ages, needs, links
and status stay for the programme's history (and its success story).
"""

import re

from django.db import transaction
from django.db.models import Q

from home import links
from home.privacy import Purged, cutoff, forget_about
from volunteers.choices import ProjectStatus
from volunteers.models import ContactEmailChange, YouthProject, YouthProjectEvent

LABEL = ContactEmailChange._meta.label
REGISTER = "Niepotwierdzone adresy organizacji na zgłoszenia"


def _delete(changes) -> int:
    links.forget(ContactEmailChange, changes.values_list("pk", flat=True))
    _total, deleted = changes.delete()
    return deleted.get(LABEL, 0)


def erase_contact_changes(email: str) -> dict[str, int]:
    with transaction.atomic():
        return {LABEL: _delete(ContactEmailChange.objects.filter(new_email__iexact=email))}


def purge_contact_changes(*, now, dry_run=False, **options) -> list[Purged]:
    since = cutoff("CAS_RETENTION_UNCONFIRMED_DAYS", now)
    expired = ContactEmailChange.objects.filter(requested_at__lt=since)
    result = Purged(REGISTER, "CAS_RETENTION_UNCONFIRMED_DAYS od prośby o zmianę", [LABEL])
    if dry_run:
        result.deleted = expired.count()
    else:
        with transaction.atomic():
            result.deleted = _delete(expired)
    return [result]


#: What replaces an erased address inside a text.
ERASED = "[usunięto]"


def _scrub(text: str, email: str) -> str:
    return re.sub(re.escape(email), ERASED, text, flags=re.IGNORECASE)


def erase_project_people(email: str) -> dict[str, int]:
    """A person's erasure: no longer the proposer or the writer of any entry, and their address
    gone from every project's description and comments."""
    with transaction.atomic():
        proposed = YouthProject.objects.filter(proposed_by__email__iexact=email)
        touched = set(proposed.values_list("pk", flat=True))
        proposed.update(proposed_by=None)
        written = YouthProjectEvent.objects.filter(actor__email__iexact=email)
        touched |= set(written.values_list("project_id", flat=True))
        written.update(actor=None)
        for project in YouthProject.objects.filter(description__icontains=email):
            touched.add(project.pk)
            YouthProject.objects.filter(pk=project.pk).update(description=_scrub(project.description, email))
        for event in YouthProjectEvent.objects.filter(comment__icontains=email):
            touched.add(event.project_id)
            YouthProjectEvent.objects.filter(pk=event.pk).update(comment=_scrub(event.comment, email))
    return {"volunteers.YouthProject": len(touched)}


def closed_projects(now):
    """Projects closed before the retention period that still name someone."""
    limit = cutoff("CAS_RETENTION_PROJECTS_DAYS", now)
    closed = YouthProject.objects.filter(
        Q(status=ProjectStatus.DECLINED, decided_at__lt=limit)
        | Q(status=ProjectStatus.FINISHED, finished_at__lt=limit)
    )
    named = Q(proposed_by__isnull=False) | Q(events__actor__isnull=False) | Q(events__comment__gt="")
    return YouthProject.objects.filter(pk__in=closed.filter(named).values("pk"))


def purge_projects(*, now, dry_run=False, **options) -> list[Purged]:
    """``CAS_RETENTION_PROJECTS_DAYS`` after a project closed: people unlinked, comments cleared."""
    projects = closed_projects(now)
    result = Purged(
        "Projekty młodzieżowe",
        "CAS_RETENTION_PROJECTS_DAYS od zamknięcia projektu",
        [YouthProject._meta.label, YouthProjectEvent._meta.label],
        anonymised=projects.count(),
    )
    if not dry_run:
        with transaction.atomic():
            ids = list(projects.values_list("pk", flat=True))
            forget_about(YouthProject, ids)  # e-mails still queued about them
            YouthProjectEvent.objects.filter(project_id__in=ids).update(actor=None, comment="")
            YouthProject.objects.filter(pk__in=ids).update(proposed_by=None)
    return [result]
