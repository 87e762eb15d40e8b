"""Enumerations of the volunteering directory."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from home.choices import LinkPurpose as BaseLinkPurpose


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


class ChangeState(models.TextChoices):
    """Where an organisation's change of its profile or of an offer stands (what the portal shows)."""

    DRAFT = "draft", _("szkic, niewysłany do CAS")
    IN_MODERATION = "in_moderation", _("czeka na akceptację CAS")
    APPROVED = "approved", _("zaakceptowana i opublikowana")
    REFUSED = "refused", _("odrzucona przez CAS")
    WITHDRAWN = "withdrawn", _("wycofana")


class LinkPurpose(BaseLinkPurpose):
    """The links the directory e-mails (``home.links``)."""

    CONTACT_EMAIL = "volunteers.contact_email", _("potwierdzenie adresu na zgłoszenia")


LinkPurpose.declare(
    {
        LinkPurpose.CONTACT_EMAIL: (
            timedelta(hours=72),
            _(
                "Ten link potwierdzający wygasł albo został już użyty. Jeśli adres nadal ma się "
                "zmienić, poproś o zmianę ponownie (koordynację wolontariatu CAS albo osobę "
                "zarządzającą kontem organizacji)."
            ),
        ),
    }
)


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
