"""Website forms of the campaigns app: the campaign list filters and the school request."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from campaigns.choices import Audience, CampaignStatus, ClassLevel
from campaigns.models import CampaignTopic
from campaigns.services import ConsentRequired
from home.forms import AccessibleFormMixin, HoneypotField


class CampaignFilterForm(AccessibleFormMixin, forms.Form):
    """Filters of ``/kampanie/`` (GET); invalid values are shown as errors and ignored."""

    q = forms.CharField(label=_("Szukaj"), required=False, max_length=100)
    audience = forms.ChoiceField(
        label=_("Dla kogo"), required=False, choices=[("", _("wszyscy")), *Audience.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Temat"),
        required=False,
        queryset=CampaignTopic.objects.all(),
        to_field_name="slug",
        empty_label=_("wszystkie"),
    )
    status = forms.ChoiceField(
        label=_("Kampanie"), required=False, choices=[("", _("wszystkie")), *CampaignStatus.choices]
    )


class SchoolRequestForm(AccessibleFormMixin, forms.Form):
    """The request form on each campaign page (``POST school-requests/`` is the same service)."""

    school_name = forms.CharField(label=_("Nazwa szkoły"), max_length=200)
    contact_name = forms.CharField(label=_("Osoba kontaktowa"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    class_level = forms.ChoiceField(
        label=_("Poziom klas"), choices=ClassLevel.choices, widget=forms.RadioSelect
    )
    pupils = forms.IntegerField(label=_("Liczba uczniów"), min_value=1, max_value=1000)
    preferred_dates = forms.CharField(
        label=_("Preferowane terminy"),
        max_length=300,
        required=False,
        help_text=_("Np. „wtorki i czwartki w marcu, po 10:00”."),
    )
    message = forms.CharField(label=_("Wiadomość"), max_length=2000, required=False, widget=forms.Textarea)
    consent = forms.BooleanField(
        label=_(
            "Zgadzam się na przetwarzanie podanych danych przez CAS w celu obsługi zgłoszenia "
            "(szczegóły w polityce prywatności)."
        ),
        # The service refuses a request without consent too (the API's path); same words.
        error_messages={"required": ConsentRequired.message},
    )
    website = HoneypotField()

    def payload(self):
        """The cleaned data as the service's fields (no honeypot)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "website"}


# Wagtail's Polish catalogue calls every oversized upload an image ("Ten obraz jest za
# duży"); campaigns comes before wagtail.documents in INSTALLED_APPS, so this app's
# catalogue wins and editors uploading materials read about a file. English source
# strings on purpose: they are Wagtail's msgids.
DOCUMENT_UPLOAD_MESSAGES = [
    gettext_noop("This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s."),
    gettext_noop("This file is too big. Maximum filesize %(max_filesize)s."),
]
