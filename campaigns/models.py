"""Information campaigns for schools, their materials and packs, and school requests."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from campaigns.choices import (
    ClassLevel,
    MaterialKind,
    MaterialLanguage,
    SchoolRequestStatus,
)
from campaigns.fields import AudienceListField, contains_choice
from cas_site.storage import private_storage
from home.blocks import BaseStreamBlock
from home.models import BasePage

DEFAULT_LICENCE = "CC BY-SA 4.0"


class CampaignTopic(models.Model):
    """A topic campaigns are filed under (bezpieczeństwo w sieci, ekologia…).

    Topics are a small vocabulary that communications staff edit themselves, so
    they are a snippet (slug + name) rather than fixed choices or free tags: free
    tags would split one topic into spelling variants, and filters need stable slugs.
    """

    slug = models.SlugField(_("identyfikator"), max_length=60, unique=True, allow_unicode=False)
    name = models.CharField(_("nazwa"), max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("temat kampanii")
        verbose_name_plural = _("tematy kampanii")

    def __str__(self):
        return self.name


class CampaignIndexPage(BasePage):
    """``/kampanie/``: the list of campaign cards with filters, search and pagination
    (served by ``campaigns.views.campaign_index``)."""

    per_page = 12

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("lista kampanii")
        verbose_name_plural = _("listy kampanii")


class CampaignPageQuerySet(PageQuerySet):
    """The filters of campaign lists (``GET campaigns/`` and ``/kampanie/``)."""

    def for_audience(self, audience):
        return self.filter(contains_choice("audiences", audience))

    def in_topic(self, topic):
        return self.filter(topics=topic)

    def active(self, active=True):
        """Running or announced campaigns (not ended) vs archived ones (ended)."""
        running = Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
        return self.filter(running if active else ~running)

    def matching(self, search):
        """A plain case-insensitive match on title and lead (the query count stays the same)."""
        return self.filter(Q(title__icontains=search) | Q(intro__icontains=search))


class CampaignPage(BasePage):
    """One information campaign: lead, hero image, body, audiences, topics, dates and materials.

    The ``intro`` (from ``BasePage``) is the campaign's lead. Served with its materials, pack
    and school request form by ``campaigns.views.campaign_page``.
    """

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("obraz główny"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("tekst alternatywny obrazu"),
        max_length=250,
        blank=True,
        help_text=_("Wymagany, gdy wybrano obraz główny."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("treść"), blank=True)
    audiences = AudienceListField(_("dla kogo"))
    topics = ParentalManyToManyField(CampaignTopic, verbose_name=_("tematy"), blank=True)
    starts_on = models.DateField(_("początek kampanii"), null=True, blank=True)
    ends_on = models.DateField(
        _("koniec kampanii"), null=True, blank=True, help_text=_("Po tej dacie kampania trafia do archiwum.")
    )
    partner_organisations = ParentalManyToManyField(
        "volunteers.Organisation",
        verbose_name=_("organizacje partnerskie"),
        blank=True,
        related_name="campaigns",
        limit_choices_to={"live": True},
    )
    related_workshops = ParentalManyToManyField(
        "campaigns.WorkshopPage",
        verbose_name=_("powiązane warsztaty"),
        blank=True,
        related_name="campaigns",
    )

    objects = PageManager.from_queryset(CampaignPageQuerySet)()

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro", heading=_("Lead")),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Obraz główny")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("topics"), FieldPanel("starts_on"), FieldPanel("ends_on")],
            heading=_("Adresaci, tematy i terminy"),
        ),
        InlinePanel("materials", heading=_("Materiały do pobrania"), label=_("Materiał")),
        MultiFieldPanel(
            [
                FieldPanel("partner_organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_workshops", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Partnerzy i warsztaty"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [
        *BasePage.api_fields,
        APIField("hero_image_alt"),
        APIField("body"),
        APIField("audiences"),
        APIField("starts_on"),
        APIField("ends_on"),
        APIField("partners"),
        APIField("workshops"),
    ]

    class Meta:
        verbose_name = _("kampania")
        verbose_name_plural = _("kampanie")

    def clean(self):
        super().clean()
        errors = {}
        if self.hero_image_id and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = _("Podaj tekst alternatywny obrazu głównego.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Koniec kampanii nie może być wcześniej niż jej początek.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self):
        """Running or announced: not ended yet (campaigns without an end date never end)."""
        return self.ends_on is None or self.ends_on >= timezone.localdate()

    def audience_labels(self):
        return CampaignPage._meta.get_field("audiences").labels(self.audiences)

    @property
    def partners(self):
        """Published partner organisations, as links to their directory pages."""
        return [
            {"name": o.name, "slug": o.slug, "url": o.get_absolute_url()}
            for o in self.partner_organisations.filter(live=True).order_by("name")
        ]

    @property
    def workshops(self):
        """Related workshops that are published, as links."""
        return [
            {"id": w.pk, "title": w.title, "url": w.url}
            for w in self.related_workshops.live().public().order_by("title")
        ]

    def pack_path(self):
        return reverse("campaigns:pack", args=[self.slug])

    def qr_path(self, kind="svg"):
        return reverse("campaigns:qr", args=[self.slug, kind])


class CampaignMaterial(Orderable):
    """A downloadable material of a campaign: a Wagtail document with teaching metadata.

    Format and size come from the document's file. Download counts live in
    ``MaterialDownload`` rows, not here: publishing a page rewrites its inline rows
    from the revision, which would overwrite a counter stored on them.
    """

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("plik"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("tytuł"), max_length=200)
    kind = models.CharField(
        _("rodzaj"), max_length=30, choices=MaterialKind.choices, default=MaterialKind.OTHER
    )
    audiences = AudienceListField(_("dla kogo"))
    language = models.CharField(
        _("język"), max_length=2, choices=MaterialLanguage.choices, default=MaterialLanguage.POLISH
    )
    description = models.TextField(_("krótki opis"), max_length=400, blank=True)
    licence = models.CharField(_("licencja"), max_length=100, default=DEFAULT_LICENCE)

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("audiences"),
        FieldPanel("language"),
        FieldPanel("description"),
        FieldPanel("licence"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("materiał")
        verbose_name_plural = _("materiały")

    def __str__(self):
        return self.title

    @property
    def format(self):
        return self.document.file_extension.upper()

    @property
    def size_bytes(self):
        return (
            self.document.file_size if self.document.file_size is not None else self.document.get_file_size()
        )

    def audience_labels(self):
        return CampaignMaterial._meta.get_field("audiences").labels(self.audiences)

    def download_path(self):
        return reverse("campaigns:material_download", args=[self.page.slug, self.pk])


class MaterialDownload(models.Model):
    """How many times a material was downloaded on one day (incremented atomically)."""

    material = models.ForeignKey(CampaignMaterial, on_delete=models.CASCADE, related_name="download_days")
    day = models.DateField(_("dzień"))
    count = models.PositiveIntegerField(_("liczba pobrań"), default=0)

    class Meta:
        verbose_name = _("pobrania materiału")
        verbose_name_plural = _("pobrania materiałów")
        constraints = [
            models.UniqueConstraint(fields=["material", "day"], name="unique_material_download_day")
        ]

    def __str__(self):
        return f"{self.material_id} {self.day}: {self.count}"


class PackDownload(models.Model):
    """How many times a campaign's material pack was downloaded on one day."""

    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="pack_download_days")
    day = models.DateField(_("dzień"))
    count = models.PositiveIntegerField(_("liczba pobrań"), default=0)

    class Meta:
        verbose_name = _("pobrania paczki")
        verbose_name_plural = _("pobrania paczek")
        constraints = [models.UniqueConstraint(fields=["campaign", "day"], name="unique_pack_download_day")]

    def __str__(self):
        return f"{self.campaign_id} {self.day}: {self.count}"


class MaterialPack(models.Model):
    """The stored ZIP of a campaign's public materials, valid for one ``fingerprint``.

    Only materials whose documents anyone may download go in (see
    ``services.public_materials``). The fingerprint hashes that set (ids, order, titles,
    file hashes and sizes); the ZIP is rebuilt only when it changes, under a row lock on
    this model.
    """

    campaign = models.OneToOneField(CampaignPage, on_delete=models.CASCADE, related_name="pack")
    fingerprint = models.CharField(max_length=64, blank=True)
    # Private storage: the ZIP leaves only through the pack view, never as a media URL.
    file = models.FileField(upload_to="campaign-packs/", storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("paczka materiałów")
        verbose_name_plural = _("paczki materiałów")

    def __str__(self):
        return f"{self.campaign_id}: {self.fingerprint[:12]}"


@receiver(post_delete, sender=MaterialPack)
def delete_pack_file(sender, instance, **kwargs):
    """A deleted campaign takes its stored ZIP with it (after the deletion commits)."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class SchoolRequest(models.Model):
    """A school's request that CAS run a campaign with its pupils (personal data)."""

    reference = models.CharField(_("numer"), max_length=20, unique=True, editable=False)
    campaign = models.ForeignKey(
        CampaignPage,
        verbose_name=_("kampania"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school_requests",
    )
    school_name = models.CharField(_("nazwa szkoły"), max_length=200)
    contact_name = models.CharField(_("osoba kontaktowa"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    class_level = models.CharField(_("poziom klas"), max_length=20, choices=ClassLevel.choices)
    pupils = models.PositiveSmallIntegerField(_("liczba uczniów"))
    preferred_dates = models.CharField(_("preferowane terminy"), max_length=300, blank=True)
    message = models.TextField(_("wiadomość"), max_length=2000, blank=True)
    consent_at = models.DateTimeField(_("zgoda na przetwarzanie danych"), null=True, blank=True)
    language = models.CharField(_("język korespondencji"), max_length=5, default="pl")
    status = models.CharField(
        _("status"), max_length=20, choices=SchoolRequestStatus.choices, default=SchoolRequestStatus.NEW
    )
    staff_notes = models.TextField(_("notatki zespołu"), blank=True)
    created_at = models.DateTimeField(_("przyjęto"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("zgłoszenie szkoły")
        verbose_name_plural = _("zgłoszenia szkół")
        constraints = [
            models.CheckConstraint(condition=Q(pupils__gte=1), name="school_request_pupils_positive")
        ]

    def __str__(self):
        return f"{self.reference} · {self.school_name}"
