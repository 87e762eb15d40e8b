"""Filter forms of the directory pages (GET forms: they keep what the person chose)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import AccessibleFormMixin
from home.models import District
from volunteers.models import Area, Skill

YES_NO = [("", _("wszystkie")), ("tak", _("tak")), ("nie", _("nie"))]


def yes_no(value):
    """ "tak"/"nie" from a filter form as True/False; empty means "don't filter"."""
    return {"tak": True, "nie": False}.get(value)


class OrganisationFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Szukaj"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    obszar = forms.ModelChoiceField(
        label=_("Obszar działania"),
        queryset=Area.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )
    dzielnica = forms.ModelChoiceField(
        label=_("Dzielnica"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )
    przyjmuje = forms.ChoiceField(label=_("Przyjmuje wolontariuszy"), choices=YES_NO, required=False)

    def service_filters(self):
        data = self.cleaned_data
        return {
            "search": data["q"].strip() or None,
            "area": data["obszar"].slug if data["obszar"] else None,
            "district": data["dzielnica"].slug if data["dzielnica"] else None,
            "accepts_volunteers": yes_no(data["przyjmuje"]),
        }


class OpportunityFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Szukaj"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    umiejetnosc = forms.ModelChoiceField(
        label=_("Umiejętność"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )
    obszar = forms.ModelChoiceField(
        label=_("Obszar"),
        queryset=Area.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )
    dzielnica = forms.ModelChoiceField(
        label=_("Dzielnica"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )
    zdalnie = forms.ChoiceField(label=_("Zdalnie"), choices=YES_NO, required=False)
    wiek = forms.IntegerField(
        label=_("Dla mojego wieku"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Podaj swój wiek, a pokażemy oferty, w których możesz wziąć udział."),
    )

    def service_filters(self):
        data = self.cleaned_data
        return {
            "search": data["q"].strip() or None,
            "skill": data["umiejetnosc"].slug if data["umiejetnosc"] else None,
            "area": data["obszar"].slug if data["obszar"] else None,
            "district": data["dzielnica"].slug if data["dzielnica"] else None,
            "remote": yes_no(data["zdalnie"]),
            "age": data["wiek"],
        }
