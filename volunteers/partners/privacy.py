"""Retention and erasure of the portal's personal data (hooks registered in ``wagtail_hooks.py``).

- Join requests (a contact person's name and address) are deleted
  ``CAS_RETENTION_PARTNER_JOIN_REQUESTS_DAYS`` after a coordinator decided on them (or after
  they came, when nobody did).
- Invitations are deleted ``CAS_RETENTION_PARTNER_INVITATIONS_DAYS`` after they were accepted,
  revoked or expired.
- A partner account whose last membership ended ``CAS_RETENTION_PARTNER_ACCOUNTS_DAYS`` ago is
  anonymised: its login, address and name go, with its second factor, its API tokens and
  django-axes' records of its logins; the ended memberships stay, pointing at nobody in
  particular, as the organisation's history.

A person's erasure (by e-mail address) does all three at once, whatever the dates; their
memberships end (the last-manager rule gives way to the right to erasure).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.privacy import Purged, anonymous_email, cutoff, forget_about
from volunteers.partners.models import (
    Invitation,
    JoinRequest,
    Membership,
    PersonalAccessToken,
    has_admin_access,
)

JOIN_REQUESTS = JoinRequest._meta.label
INVITATIONS = Invitation._meta.label
ACCOUNTS = get_user_model()._meta.label


def partner_accounts():
    """Accounts that are (or were) partner accounts: a membership, and no admin access ever given."""
    return (
        get_user_model()
        .objects.filter(
            partner_memberships__isnull=False, is_staff=False, is_superuser=False, groups__isnull=True
        )
        .distinct()
    )


def anonymise_accounts(users, now=None) -> int:
    """End every membership of ``users`` and strip the accounts of anything personal."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    count = 0
    for user in users:
        if has_admin_access(user):
            continue  # a staff account is never touched here
        memberships = Membership.objects.filter(user=user)
        memberships.filter(removed_at__isnull=True).update(removed_at=now)
        PersonalAccessToken.objects.filter(membership__in=memberships).delete()
        TOTPDevice.objects.filter(user=user).delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.get_username()).delete()
        forget_about(get_user_model(), [user.pk])  # password-reset e-mails about the account
        user.username = f"usuniete-{user.pk}"
        user.email = anonymous_email(user.pk)
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        count += 1
    return count


def erase_partner_data(email: str) -> dict[str, int]:
    with transaction.atomic():
        requests = JoinRequest.objects.filter(email__iexact=email)
        forget_about(JoinRequest, requests.values_list("pk", flat=True))
        _total, deleted_requests = requests.delete()
        invitations = Invitation.objects.filter(email__iexact=email)
        forget_about(Invitation, invitations.values_list("pk", flat=True))
        _total, deleted_invitations = invitations.delete()
        accounts = partner_accounts().filter(Q(username__iexact=email) | Q(email__iexact=email))
        anonymised = anonymise_accounts(list(accounts))
    return {
        JOIN_REQUESTS: deleted_requests.get(JOIN_REQUESTS, 0),
        INVITATIONS: deleted_invitations.get(INVITATIONS, 0),
        ACCOUNTS: anonymised,
    }


def purge_partner_data(*, now, dry_run=False, **options) -> list[Purged]:
    requests = JoinRequest.objects.annotate(last_change=Coalesce("decided_at", "created_at")).filter(
        last_change__lt=cutoff("CAS_RETENTION_PARTNER_JOIN_REQUESTS_DAYS", now)
    )
    invitations_cutoff = cutoff("CAS_RETENTION_PARTNER_INVITATIONS_DAYS", now)
    invitations = Invitation.objects.filter(
        Q(accepted_at__lt=invitations_cutoff)
        | Q(revoked_at__lt=invitations_cutoff)
        | Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lt=invitations_cutoff)
    )
    former = (
        partner_accounts()
        .filter(is_active=True)
        .exclude(partner_memberships__removed_at__isnull=True)
        .annotate(left_at=Max("partner_memberships__removed_at"))
        .filter(left_at__lt=cutoff("CAS_RETENTION_PARTNER_ACCOUNTS_DAYS", now))
    )
    results = [
        Purged(
            "Prośby o dołączenie do portalu partnerów",
            "CAS_RETENTION_PARTNER_JOIN_REQUESTS_DAYS od rozpatrzenia",
            [JOIN_REQUESTS],
            deleted=requests.count(),
        ),
        Purged(
            "Zaproszenia do portalu partnerów",
            "CAS_RETENTION_PARTNER_INVITATIONS_DAYS od przyjęcia, cofnięcia lub wygaśnięcia",
            [INVITATIONS],
            deleted=invitations.count(),
        ),
        Purged(
            "Konta partnerów",
            "CAS_RETENTION_PARTNER_ACCOUNTS_DAYS od końca ostatniego członkostwa",
            [ACCOUNTS, Membership._meta.label],
            anonymised=former.count(),
        ),
    ]
    if not dry_run:
        with transaction.atomic():
            forget_about(JoinRequest, requests.values_list("pk", flat=True))
            requests.delete()
            forget_about(Invitation, invitations.values_list("pk", flat=True))
            invitations.delete()
            anonymise_accounts(list(former), now)
    return results
