"""Home page, standard pages, the centre's contact settings and shared vocabularies."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock, CallToActionBlock
from home.registry import page_view


class BasePage(Page):
    """Fields every public page has: a short lead used in cards, search and Open Graph."""

    intro = models.TextField(
        _("wstęp"),
        blank=True,
        max_length=400,
        help_text=_("Jedno–dwa zdania: pojawia się w kartach i w wynikach wyszukiwania."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        """Hand off to the view registered for this page type (``home.registry.PAGE_VIEWS_HOOK``),
        which renders the page with its forms and listings; plain pages serve themselves."""
        view = page_view(self)
        if view is None:
            return super().serve(request, *args, **kwargs)
        request.is_preview = False
        return view(request, self, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        """Previews go through the same view (always a GET), so editors see the listings and forms."""
        view = page_view(self)
        if view is None:
            return super().serve_preview(request, mode_name)
        return view(request, self)


class HomePage(BasePage):
    """The front page: hero, calls to action, body, and the sections other apps plug in."""

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
    calls_to_action = StreamField(
        [("button", CallToActionBlock())],
        verbose_name=_("przyciski"),
        blank=True,
        max_num=4,
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("treść"), blank=True)

    max_count = 1
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Obraz główny")),
        FieldPanel("calls_to_action"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("calls_to_action"), APIField("body")]

    class Meta:
        verbose_name = _("strona główna")
        verbose_name_plural = _("strony główne")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": _("Podaj tekst alternatywny obrazu głównego.")})

    def get_context(self, request, *args, **kwargs):
        from home.registry import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request)
        return context


class StandardPage(BasePage):
    """A plain content page: O nas, Kontakt, Polityka prywatności."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("strona zwykła")
        verbose_name_plural = _("strony zwykłe")


class ComplianceStatus(models.TextChoices):
    """How far the site meets the ustawa o dostępności cyfrowej (the statement's three statuses)."""

    COMPLIANT = "zgodna", _("zgodna")
    PARTIAL = "czesciowo-zgodna", _("częściowo zgodna")
    NONCOMPLIANT = "niezgodna", _("niezgodna")


class AssessmentMethod(models.TextChoices):
    SELF = "samoocena", _("samoocena przeprowadzona przez centrum")
    AUDIT = "audyt", _("badanie przeprowadzone przez podmiot zewnętrzny")


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Serwis"), max_length=50)
    url = blocks.URLBlock(label=_("Adres"))


@register_setting(icon="site")
class CentreSettings(BaseSiteSetting):
    """The centre's public contact data: footer, contact page, `GET /api/v3/settings/`."""

    name = models.CharField(_("nazwa"), max_length=200, default="Centrum Aktywności Społecznej")
    street = models.CharField(_("ulica i numer"), max_length=200, default="Plac Kościuszki 5")
    postal_code = models.CharField(_("kod pocztowy"), max_length=10, default="41-200")
    city = models.CharField(_("miejscowość"), max_length=100, default="Sosnowiec")
    email = models.EmailField(_("e-mail"), default="cas@example.org")
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    opening_hours = models.TextField(_("godziny otwarcia"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("media społecznościowe"), blank=True
    )

    # The accessibility statement (deklaracja dostępności) at /deklaracja-dostepnosci/ is
    # generated from these fields in the structure the law prescribes.
    site_published_on = models.DateField(_("data publikacji strony internetowej"), null=True, blank=True)
    site_updated_on = models.DateField(
        _("data ostatniej istotnej aktualizacji strony"), null=True, blank=True
    )
    compliance_status = models.CharField(
        _("status zgodności z ustawą o dostępności cyfrowej"),
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    known_limitations = StreamField(
        [("limitation", blocks.TextBlock(label=_("Treść niedostępna")))],
        verbose_name=_("treści niedostępne"),
        blank=True,
        help_text=_(
            "Każda niezgodność osobno: co jest niedostępne, dlaczego i jak uzyskać tę treść inaczej."
        ),
    )
    statement_prepared_on = models.DateField(_("data sporządzenia deklaracji"), null=True, blank=True)
    statement_reviewed_on = models.DateField(
        _("data ostatniego przeglądu deklaracji"),
        null=True,
        blank=True,
        help_text=_("Deklarację przegląda się co najmniej raz w roku."),
    )
    assessment_method = models.CharField(
        _("sposób oceny dostępności"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    accessibility_contact_name = models.CharField(
        _("osoba kontaktowa ds. dostępności"), max_length=200, blank=True
    )
    accessibility_contact_email = models.EmailField(
        _("e-mail w sprawach dostępności"), blank=True, help_text=_("Pusty: adres e-mail centrum.")
    )
    accessibility_contact_phone = models.CharField(
        _("telefon w sprawach dostępności"), max_length=40, blank=True, help_text=_("Pusty: telefon centrum.")
    )
    architectural_accessibility = models.TextField(
        _("dostępność architektoniczna budynku"),
        blank=True,
        help_text=_("Wejście, schody, windy, toalety, miejsca parkingowe, pies asystujący, tłumacz PJM."),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postal_code"), FieldPanel("city")], heading=_("Adres")
        ),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("opening_hours"),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("site_published_on"), FieldPanel("site_updated_on")]),
                FieldPanel("compliance_status"),
                FieldPanel("known_limitations"),
                FieldRowPanel([FieldPanel("statement_prepared_on"), FieldPanel("statement_reviewed_on")]),
                FieldPanel("assessment_method"),
                FieldPanel("accessibility_contact_name"),
                FieldRowPanel(
                    [FieldPanel("accessibility_contact_email"), FieldPanel("accessibility_contact_phone")]
                ),
                FieldPanel("architectural_accessibility"),
            ],
            heading=_("Deklaracja dostępności"),
        ),
    ]

    class Meta:
        verbose_name = _("dane kontaktowe centrum")

    @property
    def address(self):
        return f"{self.street}, {self.postal_code} {self.city}"

    @property
    def statement_email(self):
        return self.accessibility_contact_email or self.email

    @property
    def statement_phone(self):
        return self.accessibility_contact_phone or self.phone


class District(models.Model):
    """A district (dzielnica) of Sosnowiec: the fixed vocabulary used by filters and forms."""

    slug = models.SlugField(_("identyfikator"), max_length=60, unique=True)
    name = models.CharField(_("nazwa"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("dzielnica")
        verbose_name_plural = _("dzielnice")

    def __str__(self):
        return self.name


class ReferenceCounter(models.Model):
    """The last number handed out for a reference series and year (CAS-2026-0042)."""

    series = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="unique_reference_series_year")
        ]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last}"


class OutgoingEmailQuerySet(models.QuerySet):
    def about(self, subject):
        """Messages about ``subject`` (a model instance), through the generic link."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)

    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def failed(self):
        return self.unsent().exclude(last_error="")

    def waiting(self):
        return self.unsent().filter(last_error="")


class OutgoingEmail(models.Model):
    """One e-mail of any kind, written in the transaction of the record it is about and sent later.

    ``kind`` names the renderer that makes the message when it is sent (``home.outbox``); the
    context holds only what that renderer cannot look up (never a raw one-time link: links are
    issued at send time). ``sent_at`` set means delivered; delivery claims the row under a lock,
    so no message goes twice.
    """

    kind = models.CharField(_("rodzaj"), max_length=80, db_index=True)
    to = models.EmailField(_("adresat"), max_length=254, blank=True)
    language = models.CharField(_("język"), max_length=8, default="pl")
    context = models.JSONField(_("dane wiadomości"), default=dict, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    sent_at = models.DateTimeField(_("wysłano"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("próby"), default=0)
    last_error = models.CharField(_("ostatni błąd"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("następna próba"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()
    #: Not content: Wagtail's reference index would queue a task on every save.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("wysyłany e-mail")
        verbose_name_plural = _("wysyłane e-maile")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="outgoingemail_about"),
            models.Index(fields=["sent_at", "next_attempt_at"], name="outgoingemail_pending"),
        ]
        permissions = [("resend_outgoingemail", _("Może ponowić wysyłkę e-maila"))]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class EmailLink(models.Model):
    """A single-purpose link sent by e-mail: only the SHA-256 of its 256 random bits is stored."""

    purpose = models.CharField(_("cel"), max_length=40)
    token_hash = models.CharField(max_length=64, unique=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("link z e-maila")
        verbose_name_plural = _("linki z e-maili")
        indexes = [models.Index(fields=["content_type", "object_id"], name="emaillink_subject")]

    def __str__(self):
        return f"{self.purpose} #{self.pk}"

    @property
    def subject(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)
