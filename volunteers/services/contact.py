"""The address an organisation's applications go to (applicants' names, contacts, ages, messages).

One function changes it, whoever asks: a coordinator in the admin (``OrganisationForm``) or an
organisation's manager in the partner portal (which checks the role and passes the user). A new
address is only *requested*: it receives applications once its owner opens the link e-mailed to
it (``home.links``); until then they keep going to the old one. Both steps are audited on the
organisation: the request (``EMAIL_CHANGE_REQUEST_ACTION``) and the change itself
(``EMAIL_CHANGE_ACTION``, old and new address, attributed to the person who asked). Removing the
address needs no confirmation (applications then go to CAS's staff address) and is audited the
same way. The previous address is told of the change.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cas_site.errors import DomainError
from home import links, outbox
from home.locking import lock_row
from volunteers.choices import LinkPurpose
from volunteers.models import (
    EMAIL_CHANGE_ACTION,
    EMAIL_CHANGE_REQUEST_ACTION,
    ContactEmailChange,
    Organisation,
)

__all__ = [
    "CONFIRM_CONTACT_PATH",
    "CONTACT_CHANGED_KIND",
    "CONTACT_CONFIRM_KIND",
    "InvalidContactEmail",
    "change_contact_email",
    "confirm_contact_email",
    "contact_change_of",
    "pending_contact_email",
]

#: The page the confirmation link opens (``volunteers.views.confirm_contact_email``).
CONFIRM_CONTACT_PATH = "/wolontariat/potwierdz-adres-organizacji/"
CONTACT_CONFIRM_KIND = "volunteers.contact_email_confirm"
CONTACT_CHANGED_KIND = "volunteers.contact_email_changed"


class InvalidContactEmail(DomainError):
    status = 422
    message = _("Podaj poprawny adres e-mail, np. kontakt@fundacja.pl.")
    loc = ("body", "payload", "email")


def _normalised(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidContactEmail()
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except ValidationError as error:
            raise InvalidContactEmail() from error
        if len(value) > Organisation._meta.get_field("email").max_length:
            raise InvalidContactEmail()
    return value


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _drop_pending(organisation) -> None:
    pending = ContactEmailChange.objects.filter(organisation=organisation).first()
    if pending is not None:
        links.forget(ContactEmailChange, [pending.pk])
        pending.delete()


def _set_contact_email(organisation, new_email: str, user) -> None:
    """The change itself, on the locked live row, with its audit entry (old and new address)."""
    old = organisation.email
    organisation.email = new_email
    organisation.save(update_fields=["email"])
    log(organisation, EMAIL_CHANGE_ACTION, user=user, data={"old": old, "new": new_email})
    if old:
        outbox.queue(
            CONTACT_CHANGED_KIND,
            old,
            about=organisation,
            context={"organisation": organisation.name, "new_email": new_email},
            language="pl",
        )


def change_contact_email(organisation, user, new_email) -> ContactEmailChange | None:
    """Ask for ``new_email`` to receive ``organisation``'s applications, on behalf of ``user``.

    Returns the pending change, whose owner must confirm it (an e-mail with the link is queued),
    or None when nothing waits: the address is the current one (a pending request is withdrawn)
    or it was removed (done at once). A newer request replaces a pending one. Raises
    ``InvalidContactEmail``.
    """
    new_email = _normalised(new_email)
    with transaction.atomic():
        organisation = lock_row(Organisation.objects.filter(pk=organisation.pk)).get()
        _drop_pending(organisation)
        if _same(new_email, organisation.email):
            return None
        if not new_email:
            _set_contact_email(organisation, "", user)
            return None
        change = ContactEmailChange.objects.create(
            organisation=organisation, new_email=new_email, requested_by=user
        )
        log(
            organisation,
            EMAIL_CHANGE_REQUEST_ACTION,
            user=user,
            data={"old": organisation.email, "new": new_email},
        )
        outbox.queue(CONTACT_CONFIRM_KIND, new_email, about=change, language="pl")
    return change


def pending_contact_email(organisation) -> ContactEmailChange | None:
    """The address waiting for its owner's confirmation, if any (the portal and the admin show it)."""
    return ContactEmailChange.objects.filter(organisation=organisation).first()


def contact_change_of(raw: str) -> ContactEmailChange:
    """The pending change a live link is for, without using the link (the page before the button)."""
    link = links.find(raw, LinkPurpose.CONTACT_EMAIL)
    change = ContactEmailChange.objects.select_related("organisation").filter(pk=link.object_id).first()
    if change is None:
        raise links.LinkGone(LinkPurpose.CONTACT_EMAIL.gone_message)
    return change


def confirm_contact_email(raw: str) -> Organisation:
    """The owner of the new address opened the e-mailed link: from now on applications go there.

    Raises ``LinkGone`` (410) for an unknown, used or expired link, or one whose request was
    replaced or withdrawn meanwhile.
    """

    def lock_organisation(change_pk):
        # The organisation's row first, in the same order as ``change_contact_email``.
        list(lock_row(Organisation.objects.filter(pending_email_change__pk=change_pk)))

    with transaction.atomic():
        change = links.redeem(raw, LinkPurpose.CONTACT_EMAIL, ContactEmailChange, before=lock_organisation)
        organisation = lock_row(Organisation.objects.filter(pk=change.organisation_id)).get()
        _set_contact_email(organisation, change.new_email, change.requested_by)
        links.forget(ContactEmailChange, [change.pk])
        change.delete()
    return organisation
