"""Enumerations of the initiatives app: submission statuses, kinds of support, who is in a photo."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from cas_site.errors import TokenGone
from home.choices import LinkPurpose as BaseLinkPurpose


class SubmissionStatus(models.TextChoices):
    """Where an idea submission stands in the review workflow."""

    PENDING_GUARDIAN = "pending_guardian", _("oczekuje na zgodę opiekuna")
    SUBMITTED = "submitted", _("zgłoszony")
    CONSULTATION = "consultation", _("w konsultacji")
    SUPPORTED = "supported", _("wsparty")
    REALISED = "realised", _("zrealizowany")
    REJECTED = "rejected", _("odrzucony")
    WITHDRAWN = "withdrawn", _("wycofany")


class SupportType(models.TextChoices):
    """What a group may ask CAS for, and what CAS gave a group (shown on success stories)."""

    ROOM = "sala", _("sala")
    MENTORING = "mentoring", _("mentoring")
    PROMOTION = "promocja", _("promocja")
    MATERIALS = "materialy", _("materiały")
    EQUIPMENT = "sprzet", _("sprzęt")
    FUNDING = "finansowanie", _("finansowanie")


class PeopleShown(models.TextChoices):
    """Who can be recognised in a gallery photo — it decides which consents are needed."""

    NONE = "none", _("nikogo nie da się rozpoznać")
    ADULTS = "adults", _("tylko osoby dorosłe")
    MINORS = "minors", _("także osoby niepełnoletnie")


class EventKind(models.TextChoices):
    """Kinds of entries in a submission's history."""

    CREATED = "created", _("przyjęcie zgłoszenia")
    GUARDIAN = "guardian", _("zgoda opiekuna")
    STATUS = "status", _("zmiana statusu")
    MENTOR = "mentor", _("opiekun merytoryczny")
    NOTE = "note", _("notatka wewnętrzna")
    STORY = "story", _("historia sukcesu")


class LinkPurpose(BaseLinkPurpose):
    """The links the initiatives app e-mails (``home.links``)."""

    GUARDIAN = "ideas.guardian", _("zgoda opiekuna")


LinkPurpose.declare({LinkPurpose.GUARDIAN: (timedelta(hours=72), TokenGone.message)})
