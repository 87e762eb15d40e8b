"""The partner API (``/api/v3/partner/…``): an organisation's own operations, authenticated with a
member's personal access token (``Authorization: Bearer cas_pat_…``, made and revoked in the
portal's "Tokeny API" page).

``PartnerToken`` is the one authentication of every partner operation: it answers 401 for any
credential that is not a live partner token (made up, revoked, expired, a removed member's, a
Wagtail API token, a volunteer's self-service link) and gives the operation ``request.auth``, a
``PartnerAccess`` (the membership, its organisation and the token's effective role). Operations
that need a manager check ``request.auth.role`` with ``require_role``; ids of records of other
organisations answer 404 (filter every queryset by ``request.auth.organisation``).

Mounted only while ``CAS_PARTNERS_PUBLIC`` is on (``public_router``); later slices add their
operations to ``operations`` (``@operations.get("partner/…", auth=partner_token)`` is the
router's default).
"""

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.security import HttpBearer

from home.schemas import ApiDateTime, no_store
from volunteers.partners import tokens
from volunteers.partners.choices import Role


@dataclass(frozen=True)
class PartnerAccess:
    """What a partner API request may do: act for ``organisation`` as ``member`` with ``role``."""

    token: object
    membership: object

    @property
    def member(self):
        return self.membership.user

    @property
    def organisation(self):
        return self.membership.organisation

    @property
    def role(self) -> str:
        return self.token.effective_role()


class PartnerToken(HttpBearer):
    """A live personal access token of the partner API (see the module's docstring)."""

    def authenticate(self, request, token):
        found = tokens.find_live(token)
        if found is None:
            return None
        access = PartnerAccess(token=found, membership=found.membership)
        request.user = access.member  # for audit entries; never a staff account
        return access


partner_token = PartnerToken()


def require_role(request, role) -> None:
    """403 unless the token's effective role allows ``role`` (a manager's allows everything)."""
    if not Role.at_least(request.auth.role, role):
        raise PermissionDenied


operations = Router(tags=["partner"], auth=partner_token)

#: A role as the partner API writes it (``Role`` values; schema names stay the app's own).
RoleName = Literal["manager", "member"]


class PartnerMemberOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str


class PartnerOrganisationOut(Schema):
    id: int
    name: str
    slug: str


class PartnerTokenOut(Schema):
    name: str
    role: RoleName
    created_at: ApiDateTime
    expires_at: ApiDateTime


class PartnerMeOut(Schema):
    member: PartnerMemberOut
    organisation: PartnerOrganisationOut
    role: RoleName
    token: PartnerTokenOut


@operations.get(
    "partner/me", response=PartnerMeOut, summary="The member, organisation and role of this token"
)
@no_store
def me(request):
    access = request.auth
    member, organisation, token = access.member, access.organisation, access.token
    return {
        "member": {
            "id": member.pk,
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
        },
        "organisation": {"id": organisation.pk, "name": organisation.name, "slug": organisation.slug},
        "role": access.role,
        "token": {
            "name": token.name,
            "role": token.role,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
        },
    }


def public_router() -> Router:
    """The operations while ``CAS_PARTNERS_PUBLIC`` is on; an empty router (nothing mounted) otherwise."""
    return operations if settings.CAS_PARTNERS_PUBLIC else Router(tags=["partner"])


router = public_router()
