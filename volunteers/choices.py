"""Enumerations of the volunteering directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Commitment(models.TextChoices):
    """How often an opportunity needs the volunteer."""

    ONE_OFF = "jednorazowo", _("jednorazowo")
    REGULAR = "regularnie", _("regularnie")
    PERIODIC = "okresowo", _("okresowo")


class Benefit(models.TextChoices):
    """What a volunteer gets from an organisation in return."""

    CERTIFICATE = "zaswiadczenie", _("zaświadczenie o wolontariacie")
    TRAINING = "szkolenie", _("szkolenie")
    INSURANCE = "ubezpieczenie-nnw", _("ubezpieczenie NNW")
    REFERENCES = "referencje", _("referencje")
    TRAVEL_COSTS = "zwrot-kosztow", _("zwrot kosztów dojazdu")
    MEALS = "posilek", _("posiłek")
    MENTORING = "opiekun", _("opiekun wolontariatu")


class ProjectStatus(models.TextChoices):
    """Where a youth project an organisation proposed to CAS stands."""

    SUBMITTED = "submitted", _("zgłoszony")
    ACCEPTED = "accepted", _("przyjęty")
    DECLINED = "declined", _("odrzucony")
    RUNNING = "running", _("w realizacji")
    FINISHED = "finished", _("zakończony")


class ProjectNeed(models.TextChoices):
    """What an organisation asks of CAS for a co-organised youth project."""

    ROOM = "sala", _("sala")
    SCHOOL_PROMOTION = "promocja-w-szkolach", _("promocja w szkołach")
    VOLUNTEERS = "wolontariusze", _("wolontariusze")
    WORKSHOP = "warsztat", _("warsztat")
    MENTORING = "mentoring", _("mentoring")


class ProjectEventKind(models.TextChoices):
    """Entries in a youth project's history; those with a comment are the thread with the organisation."""

    PROPOSED = "proposed", _("zgłoszenie projektu")
    STATUS = "status", _("zmiana statusu")
    COMMENT = "comment", _("komentarz")
    LINKS = "links", _("powiązania")
    STORY = "story", _("historia sukcesu")
