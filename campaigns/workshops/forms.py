"""Public forms of the workshops module: booking, listing filters, token confirmations."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from campaigns.workshops.choices import Audience, Topic
from home.forms import AccessibleFormMixin, HoneypotField


def session_label(session):
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    text = f"{date_format(start, 'l, j E Y, H:i')}–{end:%H:%M}"
    left = session.seats_left()
    if left:
        return _("%(when)s (wolne miejsca: %(left)s)") % {"when": text, "left": left}
    return _("%(when)s (brak wolnych miejsc — zapis na listę rezerwową)") % {"when": text}


class BookingForm(AccessibleFormMixin, forms.Form):
    session = forms.TypedChoiceField(label=_("Termin"), coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Imię i nazwisko"), min_length=2, max_length=120)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Wyślemy na niego potwierdzenie i link do rezygnacji.")
    )
    phone = forms.CharField(label=_("Telefon (nieobowiązkowo)"), max_length=30, required=False)
    birth_year = forms.IntegerField(
        label=_("Rok urodzenia"),
        min_value=1900,
        max_value=2100,
        help_text=_("Nie pytamy o pełną datę urodzenia."),
    )
    guardian_email = forms.EmailField(
        label=_("E-mail opiekuna prawnego"),
        required=False,
        help_text=_("Wymagany, jeśli masz mniej niż 16 lat: poprosimy opiekuna o zgodę."),
    )
    terms = forms.BooleanField(label=_("Akceptuję regulamin warsztatów i zasady przetwarzania danych."))
    website = HoneypotField()

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.pk, session_label(s)) for s in sessions]
        if len(sessions) == 1 and not self.is_bound:
            self.initial["session"] = sessions[0].pk
        for name, autocomplete in (("name", "name"), ("email", "email"), ("phone", "tel")):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete


class WorkshopFilterForm(forms.Form):
    """Filters of /warsztaty/ (GET); invalid values are ignored with a message, not a 500."""

    audience = forms.ChoiceField(
        label=_("Dla kogo"), choices=[("", _("wszyscy")), *Audience.choices], required=False
    )
    topic = forms.ChoiceField(
        label=_("Temat"), choices=[("", _("wszystkie")), *Topic.choices], required=False
    )
    od = forms.DateField(label=_("Od dnia"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    do = forms.DateField(label=_("Do dnia"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    wolne = forms.BooleanField(label=_("Tylko z wolnymi miejscami"), required=False)


class TokenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=200)
