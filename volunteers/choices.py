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
