"""Fixed vocabularies of the campaigns app (stored values are stable ASCII slugs)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a campaign or a material is for: the fixed vocabulary schools filter by."""

    GRADES_1_3 = "klasy-1-3", _("klasy 1–3")
    GRADES_4_8 = "klasy-4-8", _("klasy 4–8")
    SECONDARY = "ponadpodstawowa", _("szkoła ponadpodstawowa")
    TEACHERS = "nauczyciele", _("nauczyciele")
    PARENTS = "rodzice", _("rodzice")
    ADULTS = "dorosli", _("dorośli")


class ClassLevel(models.TextChoices):
    """The pupils' level a school asks us to run a campaign for."""

    GRADES_1_3 = "klasy-1-3", _("klasy 1–3")
    GRADES_4_8 = "klasy-4-8", _("klasy 4–8")
    SECONDARY = "ponadpodstawowa", _("szkoła ponadpodstawowa")


class MaterialKind(models.TextChoices):
    POSTER = "plakat", _("plakat")
    LEAFLET = "ulotka", _("ulotka")
    LESSON_PLAN = "scenariusz-lekcji", _("scenariusz lekcji")
    PRESENTATION = "prezentacja", _("prezentacja")
    WORKSHEET = "karta-pracy", _("karta pracy")
    FILM = "film", _("film")
    OTHER = "inne", _("inne")


class MaterialLanguage(models.TextChoices):
    POLISH = "pl", _("polski")
    ENGLISH = "en", _("angielski")
    UKRAINIAN = "uk", _("ukraiński")


class CampaignStatus(models.TextChoices):
    """The website filter on the campaign list: running (not ended) or archived (ended)."""

    CURRENT = "aktualne", _("aktualne")
    ARCHIVED = "archiwalne", _("archiwalne")


class SchoolRequestStatus(models.TextChoices):
    """Where a school's request stands; the API shows the value, the admin the label."""

    NEW = "new", _("nowe")
    SCHEDULED = "scheduled", _("umówione")
    DONE = "done", _("zrealizowane")
    REJECTED = "rejected", _("odrzucone")
