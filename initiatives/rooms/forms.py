"""Website forms of the rooms module: the request for a room and the token of an e-mailed link.

The form only parses what people type; every rule of lending a room (opening hours, notice,
capacity, no fees, the house rules in force, conflicts) is decided by
``services.request_booking``, whose refusals the view puts next to the field they concern.
"""

from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.forms import AccessibleFormMixin, HoneypotField
from initiatives.rooms.choices import OrganiserKind, Repeat

#: Prefix of the field that asks for a quantity of one piece of equipment (``equipment__<slug>``).
EQUIPMENT_PREFIX = "equipment__"
#: The query parameters a "book this time" link fills the form with.
PREFILL = {"dzien": "day", "od": "starts_at", "do": "ends_at"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class RoomBookingForm(AccessibleFormMixin, forms.Form):
    """``/sale/<slug>/rezerwuj/``: who asks, when, for what, with which equipment."""

    organiser_kind = forms.ChoiceField(
        label=_("Kto prosi o salę?"), choices=OrganiserKind.choices, widget=forms.RadioSelect
    )
    organiser_name = forms.CharField(
        label=_("Nazwa grupy lub organizacji"),
        min_length=2,
        max_length=200,
        help_text=_(
            "Mieszkanka lub mieszkaniec bez grupy wpisuje swoje imię i nazwisko: "
            "nie pokażemy go w kalendarzu spotkań."
        ),
    )
    contact_name = forms.CharField(
        label=_("Osoba odpowiedzialna (pełnoletnia)"),
        min_length=2,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Osoba dorosła, która odpowiada za salę i sprzęt w czasie spotkania."),
    )
    contact_email = forms.EmailField(
        label=_("E-mail osoby odpowiedzialnej"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Wyślemy na niego link do potwierdzenia prośby."),
    )
    contact_phone = forms.CharField(
        label=_("Telefon (nieobowiązkowo)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    day = forms.DateField(label=_("Dzień spotkania"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Początek (godzina)"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Koniec (godzina)"), widget=TimeInput())
    repeat = forms.ChoiceField(
        label=_("Czy spotkanie się powtarza?"),
        choices=[("", _("Nie, to jedno spotkanie")), *Repeat.choices],
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    until = forms.DateField(
        label=_("Powtarzaj do dnia"),
        required=False,
        widget=DateInput(),
        help_text=_("Tylko dla spotkań, które się powtarzają. Każdy termin sprawdzimy osobno."),
    )
    purpose = forms.CharField(
        label=_("Cel spotkania"),
        min_length=3,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Co będziecie robić? Widzi to tylko zespół CAS."),
    )
    participants = forms.IntegerField(
        label=_("Przewidywana liczba uczestników"), min_value=1, max_value=10000
    )
    fees_charged = forms.TypedChoiceField(
        label=_("Czy uczestnicy płacą za udział?"),
        choices=[("nie", _("Nie, udział jest bezpłatny")), ("tak", _("Tak, uczestnicy płacą"))],
        coerce=lambda value: value == "tak",
        widget=forms.RadioSelect,
        initial="nie",
    )
    public = forms.BooleanField(
        label=_("Spotkanie jest otwarte dla wszystkich: pokażcie je w kalendarzu spotkań"), required=False
    )
    public_title = forms.CharField(
        label=_("Tytuł spotkania w kalendarzu"),
        max_length=200,
        required=False,
        help_text=_("Tylko dla spotkań otwartych. Pokażemy go publicznie po zatwierdzeniu prośby."),
    )
    public_description = forms.CharField(
        label=_("Opis spotkania w kalendarzu (nieobowiązkowo)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dla kogo jest spotkanie i czego się spodziewać. Nie wpisuj tu danych osobowych."),
    )
    house_rules = forms.BooleanField(required=False)
    rules_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    website = HoneypotField()

    def __init__(self, *args, equipment=(), rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipment = list(equipment)
        for item in self.equipment:
            self.fields[EQUIPMENT_PREFIX + item.slug] = forms.IntegerField(
                label=item.name,
                min_value=0,
                max_value=item.quantity,
                required=False,
                initial=0,
                help_text=_("Wszystkich sztuk: %(quantity)s.") % {"quantity": item.quantity},
            )
        version = rules.version if rules else None
        self.fields["house_rules"].label = _("Akceptuję regulamin sal (wersja %(version)s)") % {
            "version": version or "—"
        }
        self.fields["rules_version"].initial = version

    @property
    def equipment_fields(self):
        return [self[EQUIPMENT_PREFIX + item.slug] for item in self.equipment]

    @property
    def main_fields(self):
        """The visible fields outside the equipment fieldset (for the error summary's order)."""
        return [f for f in self.visible_fields() if not f.name.startswith(EQUIPMENT_PREFIX)]

    def clean(self):
        data = super().clean()
        if data.get("public") and not (data.get("public_title") or "").strip():
            self.add_error("public_title", _("Podaj tytuł, pod którym pokażemy spotkanie w kalendarzu."))
        return data

    @staticmethod
    def prefill(query) -> dict:
        """Initial values from a "book this time" link (``?dzien=&od=&do=``); bad values are ignored."""
        initial = {}
        for param, name in PREFILL.items():
            value = (query.get(param) or "")[:10]
            try:
                initial[name] = date.fromisoformat(value) if name == "day" else time.fromisoformat(value)
            except ValueError:
                continue
        return initial

    def booking_data(self) -> dict:
        """Keyword arguments of ``services.request_booking`` (without the room and the language)."""
        data = self.cleaned_data
        public = data.get("public")
        repeat = data.get("repeat") or None
        return {
            "starts_at": _moment(data["day"], data["starts_at"]),
            "ends_at": _moment(data["day"], data["ends_at"]),
            "organiser_kind": data["organiser_kind"],
            "organiser_name": data["organiser_name"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data.get("contact_phone", ""),
            "purpose": data["purpose"],
            "participants": data["participants"],
            "fees_charged": data["fees_charged"],
            # unticked: no version, so the service refuses with the version in force
            "house_rules": data.get("rules_version") if data.get("house_rules") else None,
            "equipment": {item.slug: data.get(EQUIPMENT_PREFIX + item.slug) or 0 for item in self.equipment},
            "public_title": data.get("public_title", "") if public else "",
            "public_description": data.get("public_description", "") if public else "",
            "every": repeat,
            "until": data.get("until") if repeat else None,
        }


def _moment(day, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class TokenForm(forms.Form):
    """The token of an e-mailed link, posted back by the page's button."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=200)
