"""The portal's records: who acts for which organisation (memberships), how people get there
(invitations, join requests) and the partner API's personal access tokens.

Partner users are ordinary Django users without any admin access (no staff flag, no group):
their username is their e-mail address in lower case. Personal data here (addresses, names)
is erased and purged by ``volunteers.partners.privacy``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.models import validate_krs
from volunteers.partners.choices import JoinRequestStatus, Role

__all__ = ["Invitation", "JoinRequest", "Membership", "PersonalAccessToken", "has_admin_access"]


def has_admin_access(user) -> bool:
    """Staff accounts (any Wagtail admin access) never act in the portal, and partner accounts
    never get admin access: the two stay apart."""
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships that give access now: not removed, and the person's account is active."""
        return self.filter(removed_at__isnull=True, user__is_active=True)

    def managers(self):
        return self.active().filter(role=Role.MANAGER)


class Membership(models.Model):
    """A person's place in a partner organisation, with the role they act in; removing it ends
    their access to the organisation (and every API token made with it) at once. Removed rows
    stay as the organisation's history until the person's account is purged."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("osoba"),
        on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    organisation = models.ForeignKey(
        "volunteers.Organisation",
        verbose_name=_("organizacja"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rola"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("dołączył(a)"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zaproszenie od"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("usunięty(-a)"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usunięty(-a) przez"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("członkostwo w organizacji")
        verbose_name_plural = _("członkowie organizacji")
        ordering = ["organisation__name", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(removed_at__isnull=True),
                name="partners_one_active_membership",
                violation_error_message=_("Ta osoba już należy do tej organizacji."),
            ),
        ]

    def __str__(self):
        return f"{self.user.email} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None and self.user.is_active

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Invitations that can still be accepted."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An e-mailed invitation to act for an organisation in the portal, with a role.

    The e-mail carries a single-use link (``home.links``, ``LinkPurpose.INVITATION``) issued
    when it is sent; accepting it sets a password (a new account) or links the person's
    existing partner account, and creates the ``Membership``.
    """

    organisation = models.ForeignKey(
        "volunteers.Organisation",
        verbose_name=_("organizacja"),
        on_delete=models.CASCADE,
        related_name="partner_invitations",
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("rola"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zaproszenie od"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    join_request = models.ForeignKey(
        "partners.JoinRequest",
        verbose_name=_("prośba o dołączenie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    language = models.CharField(_("język e-maila"), max_length=10, default="pl")
    created_at = models.DateTimeField(_("wysłane"), default=timezone.now)
    expires_at = models.DateTimeField(_("ważne do"))
    accepted_at = models.DateTimeField(_("przyjęte"), null=True, blank=True)
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("członkostwo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("cofnięte"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("zaproszenie do portalu")
        verbose_name_plural = _("zaproszenia do portalu")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class JoinRequest(models.Model):
    """An organisation asking to join the portal with its KRS number. A coordinator of
    Koordynacja wolontariatu verifies it in the admin, which creates (or links) the
    ``volunteers.Organisation`` and invites the requester as its manager."""

    organisation_name = models.CharField(_("nazwa organizacji"), max_length=200)
    krs = models.CharField(_("numer KRS"), max_length=10, validators=[validate_krs])
    contact_name = models.CharField(_("osoba kontaktowa"), max_length=120)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("język e-maili"), max_length=10, default="pl")
    status = models.CharField(
        _("status"), max_length=20, choices=JoinRequestStatus.choices, default=JoinRequestStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("złożona"), default=timezone.now)
    decided_at = models.DateTimeField(_("rozpatrzona"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rozpatrzona przez"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "volunteers.Organisation",
        verbose_name=_("organizacja w katalogu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("powód odrzucenia"), blank=True)

    class Meta:
        verbose_name = _("prośba o dołączenie do portalu")
        verbose_name_plural = _("prośby o dołączenie do portalu")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation_name} (KRS {self.krs})"


class PersonalAccessTokenQuerySet(models.QuerySet):
    def live(self, now=None):
        """Tokens that authenticate now: not revoked, not expired, their membership still active."""
        now = now or timezone.now()
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            membership__removed_at__isnull=True,
            membership__user__is_active=True,
        )


class PersonalAccessToken(models.Model):
    """A member's credential for the partner API (``Authorization: Bearer cas_pat_…``): it acts
    for one organisation (the membership's), with a role no higher than the member's. Only the
    SHA-256 of the value is stored; the member sees the value once, when it is made."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("członkostwo"), on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(_("nazwa"), max_length=100)
    role = models.CharField(_("zakres"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("początek tokenu"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("utworzony"), default=timezone.now)
    expires_at = models.DateTimeField(_("ważny do"))
    last_used_at = models.DateTimeField(_("ostatnio użyty"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("unieważniony"), null=True, blank=True)

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API partnera")
        verbose_name_plural = _("tokeny API partnerów")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def organisation(self):
        return self.membership.organisation

    def effective_role(self) -> str:
        """The token's scope, never above what its member may do today (a manager made member
        keeps a manager-scoped token, which acts as a member's from then on)."""
        if self.role == Role.MANAGER and self.membership.role == Role.MANAGER:
            return Role.MANAGER
        return Role.MEMBER

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.membership.is_active
