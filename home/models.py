"""Home page, standard pages, the centre's contact settings and shared vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock, CallToActionBlock


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
    """A plain content page: O nas, Kontakt, Polityka prywatności, Deklaracja dostępności."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("treść"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("strona zwykła")
        verbose_name_plural = _("strony zwykłe")


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

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postal_code"), FieldPanel("city")], heading=_("Adres")
        ),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("opening_hours"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("dane kontaktowe centrum")

    @property
    def address(self):
        return f"{self.street}, {self.postal_code} {self.city}"


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
