"""The rules of the partner portal's accounts, shared by the portal, the admin and the partner API.

- Invitations (``invite``, ``accept_invitation``): Koordynacja invites a manager from the
  admin, a manager invites members from the portal; the e-mail carries a single-use link
  (``home.links``) issued when it is sent. Accepting sets a password (a new account) or links
  the person's existing partner account; the portal then asks for the second factor.
- Members (``remove_member``, ``change_role``): an organisation always keeps a manager; the
  organisation's row is locked so two managers cannot remove each other at once.
- Join requests (``submit_join_request``, ``verify_join_request``, ``reject_join_request``):
  an organisation asks with its KRS number; a coordinator verifies it, which creates (or links)
  the directory's organisation and invites the requester as its manager. The answer never
  depends on whether the KRS or the address is known already (no enumeration).
- The second factor (``enrolment_device``, ``confirm_enrolment``, ``verify_second_factor``):
  TOTP devices of django-otp, which throttles failed codes and refuses a code used twice.
- Personal access tokens of the partner API (``create_token``, ``revoke_token``).
- Password reset (``request_password_reset``): one outbox request whatever the address; the job
  decides whether there is a partner account to write to.

Services never see the request: views authenticate, count rate limits and pass plain values.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, WorkflowState

from cas_site.errors import Conflict, DomainError, NotFound
from home import links, outbox
from home.locking import lock_row
from volunteers.models import OPPORTUNITY_CLOSE_ACTION, Opportunity, Organisation, normalise_krs
from volunteers.partners import tokens
from volunteers.partners.choices import INVITATION_LIFETIME, JoinRequestStatus, LinkPurpose, Role
from volunteers.partners.models import (
    Invitation,
    JoinRequest,
    Membership,
    PersonalAccessToken,
    has_admin_access,
)

#: Outbox kinds (renderers in ``volunteers.partners.emails``).
INVITATION_EMAIL = "partners.invitation"
JOIN_REQUEST_RECEIVED = "partners.join_request_received"
JOIN_REQUEST_STAFF = "partners.join_request_staff"
JOIN_REQUEST_REJECTED = "partners.join_request_rejected"
PASSWORD_RESET = "partners.password_reset"  # noqa: S105 - an e-mail kind, not a password
#: A request decided off the request path (``keep=False``): is there an account to write to?
PASSWORD_RESET_REQUEST = "partners.password_reset_request"  # noqa: S105 - an e-mail kind

#: Pages the e-mails link to (under /en/ or /uk/ for people who use those languages).
INVITATION_PATH = "/partnerzy/zaproszenie/"
PASSWORD_RESET_PATH = "/partnerzy/haslo/nowe/{uidb64}/{token}/"  # noqa: S105 - a path

#: Live API tokens one member may hold for one organisation (``TooManyTokens`` names the number).
MAX_TOKENS_PER_MEMBER = 10

#: The name of every partner's authenticator entry in the device list (no personal data in it).
DEVICE_NAME = "CAS portal partnerów"


# --- Errors ---------------------------------------------------------------------------------------


class PortalClosed(NotFound):
    message = _("Portal partnerów nie jest jeszcze dostępny.")


class StaffAccount(Conflict):
    message = _(
        "Ten adres e-mail należy do konta pracownika CAS, a konta pracowników nie mogą należeć do "
        "portalu partnerów. Poproś o zaproszenie na inny adres."
    )


class AlreadyMember(Conflict):
    message = _("Ta osoba już należy do tej organizacji.")
    loc = ("email",)


class LastManager(Conflict):
    message = _(
        "Organizacja musi mieć co najmniej jednego menedżera. Najpierw nadaj rolę menedżera innej osobie."
    )


class RoleTooHigh(DomainError):
    message = _("Token nie może mieć szerszego zakresu niż Twoja rola w organizacji.")
    loc = ("role",)


class TooManyTokens(Conflict):
    message = _("Masz już 10 aktywnych tokenów w tej organizacji. Unieważnij któryś z nich.")


class AlreadyDecided(Conflict):
    message = _("Ta prośba została już rozpatrzona.")


class AccountMismatch(Conflict):
    message = _("To zaproszenie jest dla innego konta.")


class AccountInactive(Conflict):
    message = _("Konto z tym adresem jest wyłączone. Skontaktuj się z CAS.")


class WrongCode(DomainError):
    message = _("Ten kod jest nieprawidłowy albo już wygasł. Wpisz aktualny kod z aplikacji.")
    loc = ("code",)


# --- Accounts -------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def account_for(email: str):
    """The account whose login is this address (partner accounts log in with their e-mail)."""
    return get_user_model().objects.filter(username__iexact=normalise_email(email)).first()


def is_partner_account(user) -> bool:
    """An active account without admin access that belongs to at least one organisation now."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and not has_admin_access(user)
        and Membership.objects.active().filter(user=user).exists()
    )


# --- Invitations ----------------------------------------------------------------------------------


def invite(organisation, email, role=Role.MEMBER, *, by=None, join_request=None, language=None) -> Invitation:
    """Invite ``email`` to act for ``organisation`` with ``role``; the e-mail goes through the
    outbox. A newer invitation replaces a pending one to the same address and organisation."""
    if not settings.CAS_PARTNERS_PUBLIC:
        raise PortalClosed()
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        if (
            Membership.objects.active()
            .filter(organisation=organisation, user__username__iexact=email)
            .exists()
        ):
            raise AlreadyMember()
        for older in Invitation.objects.pending(now).filter(organisation=organisation, email__iexact=email):
            older.revoked_at = now
            older.save(update_fields=["revoked_at"])
            links.revoke(older, LinkPurpose.INVITATION, now=now)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=by,
            join_request=join_request,
            language=language or _language(),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        outbox.queue(INVITATION_EMAIL, email, about=invitation, language=invitation.language)
    return invitation


def revoke_invitation(invitation) -> None:
    now = timezone.now()
    with transaction.atomic():
        if invitation.is_pending(now):
            invitation.revoked_at = now
            invitation.save(update_fields=["revoked_at"])
        links.revoke(invitation, LinkPurpose.INVITATION, now=now)


def invitation_link(invitation, language=None) -> str:
    """Issue the single-use link of ``invitation`` (at send time; the raw value is never stored):
    every older link of it stops working."""
    links.revoke(invitation, LinkPurpose.INVITATION)
    raw = links.issue(invitation, LinkPurpose.INVITATION, expires_at=invitation.expires_at)
    return outbox.site_url(f"{INVITATION_PATH}?token={raw}", language or invitation.language)


def open_invitation(raw: str) -> Invitation:
    """The pending invitation of a live link (without using it); ``links.LinkGone`` (410) otherwise."""
    invitation = links.peek(raw, LinkPurpose.INVITATION)
    if not invitation.is_pending():
        raise links.LinkGone(LinkPurpose.INVITATION.gone_message)
    return invitation


def accept_invitation(raw: str, *, user=None, password=None, first_name="", last_name="") -> Membership:
    """Use an invitation's link: the membership it offers is created.

    ``user``: the person's existing partner account, which the caller has authenticated (with
    its password) for this; otherwise ``password`` (validated by the caller) makes a new account
    whose login is the invited address.
    """
    now = timezone.now()
    with transaction.atomic():
        invitation = links.redeem(
            raw, LinkPurpose.INVITATION, Invitation, usable=lambda i: i.is_pending(now), now=now
        )
        existing = account_for(invitation.email)
        if existing is not None and has_admin_access(existing):
            raise StaffAccount()
        if user is not None:
            if existing is None or existing.pk != user.pk:
                raise AccountMismatch()
            account = user
        elif existing is not None:
            raise AccountMismatch()  # an account appeared meanwhile: accept by signing in to it
        else:
            account = get_user_model().objects.create_user(
                username=invitation.email,
                email=invitation.email,
                password=password,
                first_name=first_name[:150],
                last_name=last_name[:150],
            )
        if not account.is_active:
            raise AccountInactive()
        membership = Membership.objects.filter(
            user=account, organisation=invitation.organisation, removed_at__isnull=True
        ).first()
        if membership is None:
            membership = Membership.objects.create(
                user=account,
                organisation=invitation.organisation,
                role=invitation.role,
                invited_by=invitation.invited_by,
                joined_at=now,
            )
        elif invitation.role == Role.MANAGER and membership.role != Role.MANAGER:
            membership.role = Role.MANAGER
            membership.save(update_fields=["role"])
        invitation.accepted_at = now
        invitation.membership = membership
        invitation.save(update_fields=["accepted_at", "membership"])
        links.revoke(invitation, LinkPurpose.INVITATION, now=now)
    return membership


# --- Members ---------------------------------------------------------------------------------------


def _lock_organisation(organisation_id) -> None:
    """Serialises changes of one organisation's managers (the last-manager rule)."""
    lock_row(Organisation.objects.filter(pk=organisation_id)).values_list("pk", flat=True).first()


def _fresh(membership) -> Membership:
    return Membership.objects.select_related("user", "organisation").get(pk=membership.pk)


def _other_managers(membership) -> bool:
    return (
        Membership.objects.managers()
        .filter(organisation_id=membership.organisation_id)
        .exclude(pk=membership.pk)
        .exists()
    )


def remove_member(membership, *, by=None, keep_a_manager=True) -> Membership:
    """End ``membership``: the person's access to the organisation and every token made with it
    end now. The last manager cannot be removed (``keep_a_manager=False`` is for coordinators
    and erasure, which may leave an organisation to be given a new manager)."""
    now = timezone.now()
    with transaction.atomic():
        _lock_organisation(membership.organisation_id)
        membership = _fresh(membership)
        if membership.removed_at is not None:
            return membership
        if keep_a_manager and membership.role == Role.MANAGER and not _other_managers(membership):
            raise LastManager()
        membership.removed_at = now
        membership.removed_by = by
        membership.save(update_fields=["removed_at", "removed_by"])
        PersonalAccessToken.objects.filter(membership=membership, revoked_at__isnull=True).update(
            revoked_at=now
        )
    return membership


def change_role(membership, role, *, by=None) -> Membership:
    with transaction.atomic():
        _lock_organisation(membership.organisation_id)
        membership = _fresh(membership)
        if membership.removed_at is not None:
            raise NotFound()
        if membership.role == Role.MANAGER and role != Role.MANAGER and not _other_managers(membership):
            raise LastManager()
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


# --- Join requests ---------------------------------------------------------------------------------


def submit_join_request(*, organisation_name, krs, contact_name, email, language=None) -> JoinRequest:
    """Store an organisation's request; the requester gets a neutral acknowledgement (no text
    they typed, the address is not confirmed) and CAS's staff address the details. The same
    happens whether or not the KRS or the address is known already."""
    with transaction.atomic():
        request = JoinRequest.objects.create(
            organisation_name=organisation_name.strip(),
            krs=normalise_krs(krs),
            contact_name=contact_name.strip(),
            email=normalise_email(email),
            language=language or _language(),
        )
        outbox.queue(JOIN_REQUEST_RECEIVED, request.email, about=request, language=request.language)
        outbox.queue(JOIN_REQUEST_STAFF, settings.CAS_STAFF_EMAIL, about=request)
    return request


def _unique_slug(name) -> str:
    base = (slugify(name) or "organizacja")[:90].strip("-") or "organizacja"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def organisation_for_krs(krs):
    return Organisation.objects.filter(krs=normalise_krs(krs)).first() if krs else None


def verify_join_request(join_request, *, by, organisation=None) -> Invitation:
    """A coordinator verified the organisation (its KRS entry and contact): link ``organisation``
    (or the directory's organisation with that KRS, or a new unpublished one) and invite the
    requester as its manager."""
    with transaction.atomic():
        join_request = lock_row(JoinRequest.objects.filter(pk=join_request.pk)).get()
        if join_request.status != JoinRequestStatus.SUBMITTED:
            raise AlreadyDecided()
        organisation = organisation or organisation_for_krs(join_request.krs)
        if organisation is None:
            # A draft in the directory: CAS publishes it once its profile is complete.
            organisation = Organisation(
                name=join_request.organisation_name,
                slug=_unique_slug(join_request.organisation_name),
                krs=join_request.krs,
                verified=True,
                live=False,
                has_unpublished_changes=True,
            )
            organisation.save()
            organisation.save_revision(user=by, log_action=True)
        join_request.status = JoinRequestStatus.VERIFIED
        join_request.decided_at = timezone.now()
        join_request.decided_by = by
        join_request.organisation = organisation
        join_request.save(update_fields=["status", "decided_at", "decided_by", "organisation"])
        return invite(
            organisation,
            join_request.email,
            Role.MANAGER,
            by=by,
            join_request=join_request,
            language=join_request.language,
        )


def reject_join_request(join_request, *, by, reason="") -> JoinRequest:
    with transaction.atomic():
        join_request = lock_row(JoinRequest.objects.filter(pk=join_request.pk)).get()
        if join_request.status != JoinRequestStatus.SUBMITTED:
            raise AlreadyDecided()
        join_request.status = JoinRequestStatus.REJECTED
        join_request.decided_at = timezone.now()
        join_request.decided_by = by
        join_request.rejection_reason = reason.strip()
        join_request.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
        outbox.queue(
            JOIN_REQUEST_REJECTED, join_request.email, about=join_request, language=join_request.language
        )
    return join_request


# --- The second factor (django-otp's TOTP devices) -------------------------------------------------


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user):
    """The unconfirmed device whose secret the enrolment page shows (the same one until it is
    confirmed, so reloading the page does not invalidate a code already scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_enrolment(user, code: str):
    """The person typed a code from their app: the device becomes their second factor (replacing
    any earlier one). ``WrongCode`` otherwise."""
    with transaction.atomic():
        device = lock_row(TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk")).first()
        verified = device is not None and device.verify_token(_digits(code))
        if verified:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not verified:  # raised after the block: django-otp's count of failures is kept
        raise WrongCode()
    return device


def verify_second_factor(user, code: str):
    """The person's confirmed device when ``code`` is its current code (django-otp refuses a code
    used before and slows down guessing); ``WrongCode`` otherwise."""
    import django_otp

    device = confirmed_device(user)
    if device is None or django_otp.verify_token(user, device.persistent_id, _digits(code)) is None:
        raise WrongCode()
    return device


def reset_second_factor(user) -> int:
    """Forget the person's devices (a coordinator's action when a phone is lost): the portal asks
    for a new enrolment at the next login."""
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def _digits(code) -> str:
    return "".join(ch for ch in str(code or "") if not ch.isspace())[:10]


# --- Personal access tokens ------------------------------------------------------------------------


def create_token(membership, *, name, role=Role.MEMBER, days=90) -> tuple[PersonalAccessToken, str]:
    """A new token of the partner API for ``membership``; the raw value is returned once."""
    if not Role.at_least(membership.role, role):
        raise RoleTooHigh()
    now = timezone.now()
    with transaction.atomic():
        lock_row(Membership.objects.filter(pk=membership.pk)).values_list("pk", flat=True).first()
        if (
            PersonalAccessToken.objects.live(now).filter(membership=membership).count()
            >= MAX_TOKENS_PER_MEMBER
        ):
            raise TooManyTokens()
        raw, hint = tokens.new_raw_token()
        token = PersonalAccessToken.objects.create(
            membership=membership,
            name=name.strip(),
            role=role,
            token_hash=tokens.hash_token(raw),
            hint=hint,
            created_at=now,
            expires_at=now + timedelta(days=int(days)),
        )
    return token, raw


def revoke_token(token) -> PersonalAccessToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- Password reset ------------------------------------------------------------------------------


def request_password_reset(email: str, language=None) -> None:
    """Always one outbox request and one job, whoever the address is (no enumeration by answer
    or by time); the job decides whether there is a partner account to write to."""
    with transaction.atomic():
        outbox.queue(PASSWORD_RESET_REQUEST, normalise_email(email), language=language or _language())


def complete_password_reset_request(row) -> None:
    """The job of a reset request: queue the reset e-mail to a partner account with this login."""
    account = account_for(row.to)
    if account is None or not account.is_active or not account.has_usable_password():
        return
    if has_admin_access(account) or not Membership.objects.active().filter(user=account).exists():
        return  # staff reset their password in the admin; former members have nothing to sign in to
    outbox.queue(PASSWORD_RESET, account.email, about=account, language=row.language)


# --- The organisation's offers as the portal and the API list them ---------------------------------


class OfferState:
    """Where an offer stands, as its list shows it (labels in the templates)."""

    LIVE, CLOSED, DRAFT, IN_MODERATION, REFUSED = "live", "closed", "draft", "in_moderation", "refused"


def offer_rows(organisation, offers=None):
    """``{"offer", "state", "changed"}`` of the organisation's offers (or of ``offers``, a list of
    them), ``changed`` when a published offer has a change waiting; a constant number of queries."""
    if offers is None:
        offers = list(Opportunity.objects.filter(organisation=organisation).order_by("-pk"))
    content_type = ContentType.objects.get_for_model(Opportunity)
    pending = dict(
        WorkflowState.objects.active()
        .filter(base_content_type=content_type, object_id__in=[str(o.pk) for o in offers])
        .values_list("object_id", "status")
    )
    closed = set(
        ModelLogEntry.objects.filter(
            content_type=content_type,
            object_id__in=[str(o.pk) for o in offers],
            action=OPPORTUNITY_CLOSE_ACTION,
        ).values_list("object_id", flat=True)
    )
    rows = []
    for offer in offers:
        status = pending.get(str(offer.pk))
        if status == WorkflowState.STATUS_IN_PROGRESS:
            state = OfferState.IN_MODERATION
        elif status == WorkflowState.STATUS_NEEDS_CHANGES:
            state = OfferState.REFUSED
        elif offer.live:
            state = OfferState.LIVE
        elif offer.last_published_at or str(offer.pk) in closed:
            state = OfferState.CLOSED
        else:
            state = OfferState.DRAFT
        rows.append({"offer": offer, "state": state, "changed": offer.live and status is not None})
    return rows
