"""Retention and erasure of the directory's one register of addresses nobody confirmed yet:
the new addresses asked for an organisation's applications (``ContactEmailChange``).

An organisation's confirmed address is published contact data, not a person's register
(``home.privacy.NOT_PERSONAL_REGISTERS``). A requested one may be anybody's (a typo), so it goes
``CAS_RETENTION_UNCONFIRMED_DAYS`` after the request if its owner never confirmed it, and at once
when that person asks for erasure. Registered as hooks in ``wagtail_hooks.py``.
"""

from django.db import transaction

from home import links
from home.privacy import Purged, cutoff
from volunteers.models import ContactEmailChange

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
