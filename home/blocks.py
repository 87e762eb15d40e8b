"""StreamField blocks shared by every page type (typed, so the API schema stays typed).

Chooser blocks emit URLs in the API instead of bare IDs, so a frontend needs no
extra request to show an image or link a document.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Treść nagłówka"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Poziom"),
        choices=[("h2", _("Nagłówek sekcji (H2)")), ("h3", _("Podsekcja (H3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Nagłówek")
        template = "blocks/heading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Akapit")
        template = "blocks/paragraph.html"


class AccessibleImageBlock(blocks.StructBlock):
    """An image with alt text; alt text is required unless the image is marked decorative."""

    image = ImageChooserBlock(label=_("Obraz"))
    alt_text = blocks.CharBlock(
        label=_("Tekst alternatywny"),
        required=False,
        max_length=250,
        help_text=_("Opisz, co przedstawia obraz, dla osób korzystających z czytników ekranu."),
    )
    decorative = blocks.BooleanBlock(label=_("Obraz dekoracyjny (bez tekstu alternatywnego)"), required=False)
    caption = blocks.CharBlock(label=_("Podpis"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Obraz")
        template = "blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [ValidationError(_("Podaj tekst alternatywny albo oznacz obraz jako dekoracyjny."))]
                    )
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        rendition = image.get_rendition("max-1200x1200|format-webp") if image else None
        return {
            "url": rendition.url if rendition else None,
            "width": rendition.width if rendition else None,
            "height": rendition.height if rendition else None,
            "alt": "" if value.get("decorative") else value.get("alt_text", ""),
            "caption": value.get("caption", ""),
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Cytat"))
    author = blocks.CharBlock(label=_("Autor"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Cytat")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Tekst przycisku"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Strona"), required=False)
    url = blocks.CharBlock(
        label=_("Adres (gdy nie wybrano strony)"),
        required=False,
        max_length=300,
        help_text=_("Ścieżka w serwisie, np. /wolontariat/dolacz/, albo pełny adres https://"),
    )

    class Meta:
        icon = "link"
        label = _("Wezwanie do działania")
        template = "blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        if not value.get("page") and not url:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(_("Wybierz stronę albo podaj adres."))])}
            )
        if url and not (url.startswith(("/", "https://"))):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ErrorList([ValidationError(_("Adres musi zaczynać się od / albo https://"))])
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        return {"label": value["label"], "url": link_url(value)}


def link_url(value):
    page = value.get("page")
    if page:
        return page.specific.url
    return value.get("url") or ""


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(label=_("Tytuł linku"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Link do dokumentu")
        template = "blocks/document_link.html"

    def get_api_representation(self, value, context=None):
        document = value["document"]
        return {
            "title": value.get("title") or document.title,
            "url": document.url,
            "file_extension": document.file_extension,
        }


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Liczba"), max_length=20)
    label = blocks.CharBlock(label=_("Opis"), max_length=120)

    class Meta:
        icon = "order"
        label = _("Liczba z opisem")
        template = "blocks/key_figure.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Pytanie"), max_length=250)
    answer = ParagraphBlock(label=_("Odpowiedź"))


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł"), required=False, max_length=200)
    items = blocks.ListBlock(FaqItemBlock(), label=_("Pytania"))

    class Meta:
        icon = "help"
        label = _("Pytania i odpowiedzi")
        template = "blocks/faq.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = AccessibleImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    key_figure = KeyFigureBlock()
    faq = FaqBlock()
    embed = EmbedBlock(label=_("Film lub osadzenie"), icon="media")
