"""The public side of the volunteer database: partner organisations and their opportunities.

Organisations and opportunities are snippets with drafts, revisions and locking;
only live ones are public. An opportunity is *open* while it is live, its
organisation is live, and neither its end date nor its application deadline has
passed — so it disappears from the website, the API and every count by itself.
The volunteer registry (people, consents, applications) attaches to these models.

Youth projects an organisation co-organises with CAS (``YouthProject``) live here too, until
the partner portal's app takes them over.
"""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from volunteers.choices import Benefit, Commitment, ProjectEventKind, ProjectNeed, ProjectStatus

validate_krs = RegexValidator(
    r"^\d{10}$", _("Numer KRS to dokładnie 10 cyfr (np. 0000123456)."), code="invalid_krs"
)


#: The volunteer registry's sign-up page (built by the registry); "Aplikuj" links there.
JOIN_PATH = "/wolontariat/dolacz/"


def join_path() -> str:
    """``JOIN_PATH`` in the active language (English and Ukrainian live under /en/ and /uk/)."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return JOIN_PATH
    return f"/{language}{JOIN_PATH}"


def split_paragraphs(text: str) -> list[str]:
    """Plain partner-written text as paragraphs; templates escape them (never rendered as HTML)."""
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def normalise_krs(value: str) -> str:
    """KRS as stored: digits only, spaces and dashes people type removed ("0000 123 456")."""
    return "".join(ch for ch in (value or "") if ch not in " -\u00a0\t")


class Vocabulary(models.Model):
    """A fixed, editable list of terms (slug + name) used by filters and forms."""

    slug = models.SlugField(_("identyfikator"), max_length=60, unique=True)
    name = models.CharField(_("nazwa"), max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Skill(Vocabulary):
    """Something a volunteer can do (e.g. "prowadzenie mediów społecznościowych")."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("umiejętność")
        verbose_name_plural = _("umiejętności")


class Area(Vocabulary):
    """A field of social activity (e.g. "ekologia", "pomoc seniorom")."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("obszar działania")
        verbose_name_plural = _("obszary działania")


class BenefitsField(models.JSONField):
    """A list of ``Benefit`` values, stored as JSON so it works on SQLite and PostgreSQL."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Benefit.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set(value or []) - set(Benefit.values)
        if unknown:
            raise ValidationError(
                _("Nieznana korzyść: %(value)s."), params={"value": ", ".join(sorted(unknown))}
            )


class OrganisationQuerySet(models.QuerySet):
    def live(self):
        """Published organisations: the only ones the public ever sees."""
        return self.filter(live=True)

    # The directory filters (``GET organisations/`` and ``/wolontariat/organizacje/``).

    def in_area(self, area):
        return self.filter(areas=area)

    def in_district(self, district):
        return self.filter(district=district)

    def accepting_volunteers(self, accepts=True):
        return self.filter(accepts_volunteers=accepts)


#: Who may change the address that receives volunteers' applications (volunteer coordinators).
CONTACT_EMAIL_PERMISSION = "volunteers.change_organisation_email"
#: The audit entry of an address that now receives applications (old and new address).
EMAIL_CHANGE_ACTION = "cas.organisation.email_change"
#: The audit entry of a new address asked for, not yet confirmed by its owner.
EMAIL_CHANGE_REQUEST_ACTION = "cas.organisation.email_change_requested"
#: The audit entry of an offer its organisation closed (unpublished at once, not moderated).
OPPORTUNITY_CLOSE_ACTION = "cas.opportunity.close"


class Organisation(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A partner NGO (or a school, parish, institution) in the public directory.

    Changes are revisions: staff publish them, a partner's go through the moderation workflow
    (``volunteers.services.changes``); the row always holds the live version. ``email`` is the
    exception: it receives applicants' personal data, so it is never versioned — it changes only
    through ``volunteers.services.contact`` (audited, confirmed by its owner) and every revision
    takes the current address (``with_content_json``).
    """

    name = models.CharField(_("nazwa"), max_length=200)
    slug = models.SlugField(
        _("identyfikator w adresie"),
        max_length=100,
        unique=True,
        help_text=_("Część adresu strony, np. fundacja-zielony-sosnowiec."),
    )
    krs = models.CharField(
        _("numer KRS"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("10 cyfr. Zostaw puste dla szkół, parafii i instytucji bez wpisu w KRS."),
    )
    description = models.TextField(
        _("opis"), blank=True, help_text=_("Zwykły tekst; puste linie oddzielają akapity.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("tekst alternatywny logo"), max_length=250, blank=True, help_text=_("Wymagany, gdy dodano logo.")
    )
    areas = ParentalManyToManyField(Area, verbose_name=_("obszary działania"), blank=True, related_name="+")
    district = models.ForeignKey(
        "home.District",
        verbose_name=_("dzielnica"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("adres"), max_length=250, blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Na ten adres trafiają zgłoszenia wolontariuszy. Nowy adres zacznie je otrzymywać, gdy jego "
            "właściciel potwierdzi go linkiem, który wyślemy."
        ),
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    accepts_volunteers = models.BooleanField(_("przyjmuje wolontariuszy"), default=True)
    partners_informal_groups = models.BooleanField(
        _("otwarta na współpracę z grupami nieformalnymi"), default=False
    )
    verified = models.BooleanField(
        _("zweryfikowana przez CAS"),
        default=False,
        help_text=_("Zaznacz po sprawdzeniu organizacji (np. wpisu w KRS i kontaktu)."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="organisation")

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("krs"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt")], heading=_("Logo")),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldPanel("address"),
                FieldPanel("website"),
                # Applications (personal data) are e-mailed here: coordinators only, audited.
                FieldPanel("email", permission=CONTACT_EMAIL_PERMISSION),
                FieldPanel("phone"),
            ],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accepts_volunteers"),
                FieldPanel("partners_informal_groups"),
                FieldPanel("verified"),
            ],
            heading=_("Współpraca"),
        ),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("address"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organizacja")
        verbose_name_plural = _("organizacje")
        permissions = [
            ("change_organisation_email", _("Może zmieniać adres e-mail, na który trafiają zgłoszenia")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"],
                condition=~Q(krs=""),
                name="unique_organisation_krs",
                violation_error_message=_("Organizacja z tym numerem KRS już jest w katalogu."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        """A revision as an object, with the address applications go to as it is now: publishing
        an older or a partner's revision never brings back an address (see the class)."""
        obj = super().with_content_json(content)
        obj.email = self.email
        return obj

    def clean_fields(self, exclude=None):
        self.krs = normalise_krs(self.krs)
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        if self.logo_id and not self.logo_alt.strip():
            raise ValidationError({"logo_alt": _("Podaj tekst alternatywny logo.")})

    def get_absolute_url(self):
        return reverse("volunteers:organisation", args=[self.slug])

    @property
    def paragraphs(self):
        return split_paragraphs(self.description)


class OpportunityQuerySet(models.QuerySet):
    def open(self, today=None):
        """Opportunities people can apply to now: live, of a live organisation, not past end or deadline."""
        today = today or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            Q(application_deadline__isnull=True) | Q(application_deadline__gte=today),
            live=True,
            organisation__live=True,
        )

    def for_age(self, age: int):
        """Opportunities a person of ``age`` may take (no minimum age, or one they reach)."""
        return self.filter(Q(min_age__isnull=True) | Q(min_age__lte=age))

    # The offer filters (``GET opportunities/`` and ``/wolontariat/oferty/``).

    def needing_skill(self, skill):
        return self.filter(skills=skill)

    def in_area(self, area):
        return self.filter(areas=area)

    def in_district(self, district):
        return self.filter(district=district)

    def with_remote(self, remote=True):
        """Opportunities that can (or, with ``False``, cannot) be done remotely."""
        return self.filter(remote=remote)

    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)


class Opportunity(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A volunteer opportunity (oferta wolontariatu) published by a partner organisation.

    Live while published; an organisation's new offers and changes wait in the moderation
    workflow as revisions, and the organisation closes an offer at once (unpublished).
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organizacja"), on_delete=models.CASCADE, related_name="opportunities"
    )
    title = models.CharField(_("tytuł"), max_length=200)
    description = models.TextField(_("opis"), help_text=_("Zwykły tekst; puste linie oddzielają akapity."))
    skills = ParentalManyToManyField(
        Skill, verbose_name=_("potrzebne umiejętności"), blank=True, related_name="+"
    )
    areas = ParentalManyToManyField(Area, verbose_name=_("obszary"), blank=True, related_name="+")
    district = models.ForeignKey(
        "home.District",
        verbose_name=_("dzielnica"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    remote = models.BooleanField(_("możliwa zdalnie"), default=False)
    min_age = models.PositiveSmallIntegerField(
        _("minimalny wiek"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(99)],
        help_text=_("Zostaw puste, jeśli nie ma ograniczenia wieku."),
    )
    commitment = models.CharField(
        _("zaangażowanie"), max_length=20, choices=Commitment.choices, default=Commitment.ONE_OFF
    )
    hours = models.CharField(
        _("czas"), max_length=120, blank=True, help_text=_("Np. „3 godziny w tygodniu” albo „sobota 9–14”.")
    )
    starts_on = models.DateField(_("data rozpoczęcia"), null=True, blank=True)
    ends_on = models.DateField(_("data zakończenia"), null=True, blank=True)
    application_deadline = models.DateField(_("termin zgłoszeń"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(_("liczba miejsc"), null=True, blank=True)
    benefits = BenefitsField(_("co zyskuje wolontariusz"), default=list, blank=True)
    requirements = models.TextField(_("wymagania"), blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="opportunity")

    objects = OpportunityQuerySet.as_manager()

    panels = [
        FieldPanel("organisation"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("district"), FieldPanel("remote"), FieldPanel("min_age"), FieldPanel("places")],
            heading=_("Gdzie i dla kogo"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("commitment"),
                FieldPanel("hours"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("application_deadline"),
            ],
            heading=_("Termin"),
        ),
        FieldPanel("benefits"),
        FieldPanel("requirements"),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("requirements"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["application_deadline", "-pk"]
        verbose_name = _("oferta wolontariatu")
        verbose_name_plural = _("oferty wolontariatu")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="opportunity_ends_after_start",
                violation_error_message=_("Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def get_absolute_url(self):
        return reverse("volunteers:opportunity", args=[self.pk])

    @property
    def apply_url(self):
        """Where "Aplikuj" leads: the registry's join page, told which opportunity."""
        return f"{join_path()}?oferta={self.pk}"

    @property
    def paragraphs(self):
        return split_paragraphs(self.description)

    def benefit_labels(self):
        labels = dict(Benefit.choices)
        return [labels[value] for value in self.benefits or [] if value in labels]


class ContactEmailChange(models.Model):
    """A new address for an organisation's applications, asked for by a coordinator or a partner
    manager; it receives applications only once its owner opens the e-mailed link. At most one
    per organisation: a newer request replaces it, confirming it deletes it (the audit log keeps
    who asked, the old and the new address)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organizacja"),
        on_delete=models.CASCADE,
        related_name="pending_email_change",
    )
    new_email = models.EmailField(_("nowy adres e-mail"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto poprosił"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("kiedy"), default=timezone.now)

    class Meta:
        verbose_name = _("zmiana adresu na zgłoszenia")
        verbose_name_plural = _("zmiany adresu na zgłoszenia")

    def __str__(self):
        return f"{self.organisation} → {self.new_email}"


# --- Youth projects co-organised with CAS ----------------------------------------------------------

#: Ages a youth project may address (children with their guardians to young adults).
PROJECT_AGE_VALIDATORS = [MinValueValidator(6), MaxValueValidator(30)]


class ProjectNeedsField(models.JSONField):
    """A list of ``ProjectNeed`` values: what the organisation asks of CAS."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=ProjectNeed.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set(value or []) - set(ProjectNeed.values)
        if unknown:
            raise ValidationError(
                _("Nieznany rodzaj wsparcia: %(value)s."), params={"value": ", ".join(sorted(unknown))}
            )


class YouthProjectQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)


class YouthProject(models.Model):
    """A project for young people that a partner organisation proposes to co-organise with CAS.

    CAS reviews it (submitted → accepted / declined → running → finished) with comments back to
    the organisation (``YouthProjectEvent``); an accepted one is linked to a campaign, workshops
    and the organisation's opportunities; a finished one can become a success story. Every change
    goes through ``volunteers.services`` (``propose_project``, ``decide_project``…).
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organizacja"), on_delete=models.CASCADE, related_name="youth_projects"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zgłosił(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tytuł"), max_length=200)
    description = models.TextField(
        _("opis"), max_length=5000, help_text=_("Zwykły tekst; puste linie oddzielają akapity.")
    )
    age_min = models.PositiveSmallIntegerField(_("wiek od"), validators=PROJECT_AGE_VALIDATORS)
    age_max = models.PositiveSmallIntegerField(_("wiek do"), validators=PROJECT_AGE_VALIDATORS)
    starts_on = models.DateField(_("początek"), null=True, blank=True)
    ends_on = models.DateField(_("koniec"), null=True, blank=True)
    needs = ProjectNeedsField(_("czego organizacja oczekuje od CAS"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED
    )
    language = models.CharField(_("język korespondencji"), max_length=8, default="pl")
    submitted_at = models.DateTimeField(_("zgłoszono"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    decided_at = models.DateTimeField(_("decyzja CAS"), null=True, blank=True)
    started_at = models.DateTimeField(_("rozpoczęto"), null=True, blank=True)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True)
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("kampania"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workshops = models.ManyToManyField(
        "campaigns.WorkshopPage", verbose_name=_("warsztaty"), blank=True, related_name="+"
    )
    opportunities = models.ManyToManyField(
        Opportunity, verbose_name=_("oferty wolontariatu"), blank=True, related_name="youth_projects"
    )

    objects = YouthProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("projekt młodzieżowy")
        verbose_name_plural = _("projekty młodzieżowe")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__lte=models.F("age_max")),
                name="youth_project_age_range",
                violation_error_message=_("Wiek „od” nie może być większy niż wiek „do”."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="youth_project_ends_after_start",
                violation_error_message=_("Koniec projektu nie może być przed jego początkiem."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def paragraphs(self):
        return split_paragraphs(self.description)

    def need_labels(self):
        labels = dict(ProjectNeed.choices)
        return [labels[value] for value in self.needs or [] if value in labels]

    def get_needs_display(self):
        return ", ".join(str(label) for label in self.need_labels())

    get_needs_display.short_description = _("czego oczekuje od CAS")

    @property
    def age_range(self):
        return f"{self.age_min}–{self.age_max}"

    age_range.fget.short_description = _("wiek uczestników")


class YouthProjectEvent(models.Model):
    """An entry in a youth project's history: its proposal, each decision and step, comments
    between CAS and the organisation, links and the success story."""

    project = models.ForeignKey(
        YouthProject, verbose_name=_("projekt"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("rodzaj"), max_length=12, choices=ProjectEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: True when the organisation wrote it (the portal), False when CAS did (the admin).
    from_organisation = models.BooleanField(_("od organizacji"), default=False)
    from_status = models.CharField(_("z"), max_length=12, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("na"), max_length=12, choices=ProjectStatus.choices, blank=True)
    comment = models.TextField(_("komentarz"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("kiedy"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("wpis w historii projektu")
        verbose_name_plural = _("historia projektu")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"
