"""Idea submissions of informal groups (private register) and success stories (public pages)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BaseStreamBlock, KeyFigureBlock
from home.models import BasePage
from initiatives.choices import EventKind, PeopleShown, SubmissionStatus, SupportType

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Topic(models.Model):
    """A theme of initiatives (ekologia, kultura…): the fixed vocabulary of the ``topic`` filter."""

    slug = models.SlugField(_("identyfikator"), max_length=60, unique=True)
    name = models.CharField(_("nazwa"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("temat inicjatywy")
        verbose_name_plural = _("tematy inicjatyw")

    def __str__(self):
        return self.name


# --- The private register -------------------------------------------------------------------


class IdeaSubmission(models.Model):
    """An idea an informal group sent to CAS, followed by staff through the review workflow.

    Holds personal data of the group's leader (often a minor): only coordinators see it,
    and nothing of it leaves this register except the group's name.
    """

    reference = models.CharField(_("numer zgłoszenia"), max_length=20, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("data zgłoszenia"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("ostatnia zmiana"), auto_now=True)
    language = models.CharField(_("język korespondencji"), max_length=5, default="pl")

    group_name = models.CharField(_("nazwa grupy"), max_length=150)
    informal_group = models.BooleanField(_("grupa nieformalna"), default=True)
    members_count = models.PositiveSmallIntegerField(_("liczba osób w grupie"))
    age_min = models.PositiveSmallIntegerField(_("wiek najmłodszej osoby"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("wiek najstarszej osoby"), null=True, blank=True)

    leader_name = models.CharField(_("imię i nazwisko lidera"), max_length=150)
    email = models.EmailField(_("e-mail lidera"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("rok urodzenia lidera"))
    guardian_email = models.EmailField(_("e-mail opiekuna prawnego"), blank=True)
    guardian_confirmed_at = models.DateTimeField(_("zgoda opiekuna"), null=True, blank=True, editable=False)

    title = models.CharField(_("tytuł pomysłu"), max_length=200)
    description = models.TextField(_("opis pomysłu"))
    needs = models.JSONField(_("czego grupa potrzebuje"), default=list, blank=True)
    funding_amount = models.DecimalField(
        _("kwota wsparcia finansowego (zł)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    district = models.ForeignKey(
        "home.District", verbose_name=_("dzielnica"), on_delete=models.PROTECT, related_name="+"
    )
    planned_start = models.DateField(_("planowany początek"), null=True, blank=True)
    planned_end = models.DateField(_("planowany koniec"), null=True, blank=True)

    consent_terms_version = models.CharField(_("wersja regulaminu"), max_length=20)
    consent_given_at = models.DateTimeField(_("zgoda na regulamin"))

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opiekun z CAS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_ideas",
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("zgłoszony pomysł")
        verbose_name_plural = _("zgłoszone pomysły")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="idea_age_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    @property
    def is_active(self):
        """Staff work on it: the guardian (if one was needed) has confirmed, and it is not closed."""
        return self.status not in {
            SubmissionStatus.PENDING_GUARDIAN,
            SubmissionStatus.REJECTED,
            SubmissionStatus.WITHDRAWN,
        }

    def needs_labels(self):
        labels = dict(SupportType.choices)
        return [str(labels.get(need, need)) for need in self.needs]

    def get_needs_display(self):
        """Shown by the admin's inspect view instead of the raw list of slugs."""
        return ", ".join(self.needs_labels()) or "—"


class IdeaSubmissionEvent(models.Model):
    """One entry in a submission's history: who changed what, when, from which status to which."""

    submission = models.ForeignKey(IdeaSubmission, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("kiedy"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("rodzaj"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("z"), max_length=20, choices=SubmissionStatus.choices, blank=True)
    to_status = models.CharField(_("na"), max_length=20, choices=SubmissionStatus.choices, blank=True)
    message = models.TextField(_("treść"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("wpis w historii zgłoszenia")
        verbose_name_plural = _("historia zgłoszenia")

    def __str__(self):
        return f"{self.submission.reference}: {self.get_kind_display()}"


# --- Public pages --------------------------------------------------------------------------


class InitiativeIndexPage(BasePage):
    """``/inicjatywy/``: success stories with filters (year, district, topic), search and pages
    (served by ``initiatives.views.story_index``)."""

    stories_per_page = 12

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.SuccessStoryPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("lista inicjatyw")
        verbose_name_plural = _("listy inicjatyw")


class SuccessStoryPageQuerySet(PageQuerySet):
    """The filters of story lists (``GET stories/`` and ``/inicjatywy/``)."""

    def in_year(self, year):
        return self.filter(year=year)

    def in_district(self, district):
        return self.filter(district=district)

    def on_topic(self, topic):
        return self.filter(topics=topic)

    def matching(self, search):
        """Stories the search backend finds for all the words of ``search``."""
        found = self.model.objects.live().search(search, operator="and")
        return self.filter(pk__in=[page.pk for page in found])


class GalleryImageQuerySet(models.QuerySet):
    def publishable(self):
        """Only photos whose people (and, for minors, their guardians) agreed to publication."""
        return self.filter(
            Q(people_shown=PeopleShown.NONE)
            | Q(people_shown=PeopleShown.ADULTS, people_consent=True)
            | Q(people_shown=PeopleShown.MINORS, people_consent=True, guardian_consent=True)
        )


class SuccessStoryImage(Orderable):
    """A photo in a story's gallery, with the record of consent to publish the people in it."""

    page = ParentalKey(
        "initiatives.SuccessStoryPage", on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("zdjęcie"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("tekst alternatywny"),
        max_length=250,
        help_text=_("Opisz, co przedstawia zdjęcie, dla osób korzystających z czytników ekranu."),
    )
    caption = models.CharField(_("podpis"), max_length=250, blank=True)
    people_shown = models.CharField(
        _("kto jest na zdjęciu"), max_length=10, choices=PeopleShown.choices, default=PeopleShown.ADULTS
    )
    people_consent = models.BooleanField(_("osoby na zdjęciu zgodziły się na publikację"), default=False)
    guardian_consent = models.BooleanField(
        _("opiekunowie prawni osób niepełnoletnich zgodzili się na publikację"), default=False
    )
    consent_note = models.CharField(
        _("gdzie są zgody"),
        max_length=250,
        blank=True,
        help_text=_("Np. „zgody pisemne w segregatorze CAS, maj 2026” — bez danych osobowych."),
    )

    objects = GalleryImageQuerySet.as_manager()

    panels = [
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("caption"),
        MultiFieldPanel(
            [
                FieldPanel("people_shown"),
                FieldPanel("people_consent"),
                FieldPanel("guardian_consent"),
                FieldPanel("consent_note"),
            ],
            heading=_("Zgody na publikację wizerunku"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("zdjęcie w galerii")
        verbose_name_plural = _("galeria")

    @property
    def publishable(self):
        if self.people_shown == PeopleShown.NONE:
            return True
        if self.people_shown == PeopleShown.MINORS:
            return self.people_consent and self.guardian_consent
        return self.people_consent

    def api_representation(self, spec="max-1200x1200|format-webp"):
        rendition = self.image.get_rendition(spec)
        return {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": self.alt_text,
        }


class SuccessStoryPageForm(WagtailAdminPageForm):
    """Adds checkboxes for the kinds of support and refuses to publish photos without consent."""

    support_given = forms.MultipleChoiceField(
        label=_("Co dała grupie CAS"),
        choices=SupportType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        # The model re-checks on publish; the form gives the error next to the photo instead.
        self.instance._gallery_checked_by_form = True
        if self.is_deferred_validation:  # saving a draft: consents may still be collected
            return cleaned
        formset = self.formsets.get("gallery_images")
        if formset is None or not formset.is_valid():  # validates the photos' own fields first
            return cleaned
        missing = False
        for form in formset.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("image"):
                continue
            photo = SuccessStoryImage(
                people_shown=data.get("people_shown"),
                people_consent=data.get("people_consent", False),
                guardian_consent=data.get("guardian_consent", False),
            )
            if not photo.publishable:
                form.add_error("people_consent", missing_consent_error())
                missing = True
        if missing:
            self.add_error(None, missing_consent_error())
        return cleaned


def missing_consent_error():
    return ValidationError(
        _(
            "Zdjęcia bez zgody osób na nim widocznych (a w przypadku osób niepełnoletnich — także ich "
            "opiekunów prawnych) nie można opublikować. Usuń zdjęcie albo zaznacz zebrane zgody."
        ),
        code="missing_consent",
    )


class SuccessStoryPage(BasePage):
    """A realised initiative told for the next groups: what they wanted, did and achieved.

    ``intro`` is the story's summary (cards, search, the API's ``summary``).
    """

    objects = PageManager.from_queryset(SuccessStoryPageQuerySet)()

    group_name = models.CharField(_("nazwa grupy"), max_length=150)
    members_count = models.PositiveSmallIntegerField(_("liczba osób w grupie"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("wiek od"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("wiek do"), null=True, blank=True)
    district = models.ForeignKey(
        "home.District",
        verbose_name=_("dzielnica"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("rok realizacji"), validators=YEAR_VALIDATORS, db_index=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("tematy"), blank=True, related_name="stories")
    problem = models.TextField(_("problem, od którego zaczęła się inicjatywa"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("co zrobiła grupa"), blank=True)
    impact = StreamField(
        [("figure", KeyFigureBlock())], verbose_name=_("efekty w liczbach"), blank=True, max_num=6
    )
    quote_text = models.TextField(_("cytat"), blank=True)
    quote_author = models.CharField(
        _("autor cytatu"),
        max_length=150,
        blank=True,
        help_text=_("Samo imię albo rola w grupie, np. „Ola, liderka grupy”."),
    )
    support_given = models.JSONField(_("co dała grupie CAS"), default=list, blank=True)
    partner_organisations = ParentalManyToManyField(
        "volunteers.Organisation",
        verbose_name=_("organizacje partnerskie"),
        blank=True,
        related_name="success_stories",
        limit_choices_to={"live": True},
    )
    submission = models.OneToOneField(
        IdeaSubmission,
        verbose_name=_("zgłoszenie"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="success_story",
    )
    youth_project = models.OneToOneField(
        "volunteers.YouthProject",
        verbose_name=_("projekt współorganizowany z organizacją"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="success_story",
    )

    base_form_class = SuccessStoryPageForm
    parent_page_types = ["initiatives.InitiativeIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro", heading=_("Podsumowanie")),
        MultiFieldPanel(
            [
                FieldPanel("group_name"),
                FieldRowPanel([FieldPanel("members_count"), FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldRowPanel([FieldPanel("district"), FieldPanel("year")]),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Grupa i inicjatywa"),
        ),
        FieldPanel("problem"),
        FieldPanel("body"),
        FieldPanel("impact"),
        InlinePanel("gallery_images", label=_("Galeria")),
        MultiFieldPanel([FieldPanel("quote_text"), FieldPanel("quote_author")], heading=_("Cytat")),
        FieldPanel("support_given"),
        FieldPanel("partner_organisations", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("group_name"),
        index.SearchField("problem"),
        index.SearchField("body"),
        index.FilterField("year"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("group_name"),
        APIField("members_count"),
        APIField("age_min"),
        APIField("age_max"),
        APIField("year"),
        APIField("district_name"),
        APIField("topic_names"),
        APIField("problem"),
        APIField("body"),
        APIField("impact"),
        APIField("gallery"),
        APIField("quote_text"),
        APIField("quote_author"),
        APIField("support_given"),
        APIField("partners"),
    ]

    class Meta:
        verbose_name = _("historia sukcesu")
        verbose_name_plural = _("historie sukcesu")

    def clean(self):
        super().clean()
        if self.age_min and self.age_max and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("Wiek „do” nie może być mniejszy niż wiek „od”.")})
        unknown = set(self.support_given or []) - set(SupportType.values)
        if unknown:
            raise ValidationError({"support_given": _("Nieznany rodzaj wsparcia.")})
        # Publishing (any route: admin, API, code) saves the page with live=True and runs clean().
        if (
            self.live
            and not getattr(self, "_gallery_checked_by_form", False)
            and any(not photo.publishable for photo in self.gallery_images.all())
        ):
            raise missing_consent_error()

    @property
    def public_gallery(self):
        """The photos that may be shown: consent recorded; the others are never rendered."""
        return [photo for photo in self.gallery_images.all() if photo.publishable]

    @property
    def gallery(self):
        return [{**photo.api_representation(), "caption": photo.caption} for photo in self.public_gallery]

    @property
    def district_name(self):
        return self.district.name if self.district else None

    @property
    def topic_names(self):
        return [topic.name for topic in self.topics.all()]

    def support_labels(self):
        labels = dict(SupportType.choices)
        return [str(labels.get(kind, kind)) for kind in self.support_given or []]

    @property
    def partners(self):
        """Published partner organisations, as links to their directory pages."""
        return [
            {"name": o.name, "slug": o.slug, "url": o.get_absolute_url()}
            for o in self.partner_organisations.filter(live=True).order_by("name")
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = self.public_gallery
        return context
