"""Vocabularies of the partner portal."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from home.choices import LinkPurpose as BaseLinkPurpose


class Role(models.TextChoices):
    """What a person may do for an organisation in the portal (and what an API token may do)."""

    MANAGER = "manager", _("menedżer")
    MEMBER = "member", _("członek")

    @classmethod
    def at_least(cls, held, needed) -> bool:
        """Does ``held`` allow what ``needed`` allows? (A manager may do everything a member may.)"""
        return needed is None or held == cls.MANAGER or held == needed


class JoinRequestStatus(models.TextChoices):
    """Where an organisation's request to join the portal is: a coordinator verifies it by KRS."""

    SUBMITTED = "submitted", _("złożona")
    VERIFIED = "verified", _("zweryfikowana")
    REJECTED = "rejected", _("odrzucona")


class LinkPurpose(BaseLinkPurpose):
    """The links the portal e-mails (``home.links``)."""

    INVITATION = "partners.invitation", _("zaproszenie do portalu partnerów")


#: How long an invitation's link works.
INVITATION_LIFETIME = timedelta(days=7)

LinkPurpose.declare(
    {
        LinkPurpose.INVITATION: (
            INVITATION_LIFETIME,
            _(
                "To zaproszenie wygasło, zostało już przyjęte albo cofnięte. Poproś osobę, która Cię "
                "zaprosiła (albo CAS), o nowe zaproszenie."
            ),
        ),
    }
)


class TokenLifetime(models.IntegerChoices):
    """How long a personal access token of the partner API works (days)."""

    MONTH = 30, _("30 dni")
    QUARTER = 90, _("90 dni")
    YEAR = 365, _("rok")
