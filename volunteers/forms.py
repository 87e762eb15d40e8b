"""Filter forms of the directory pages (GET forms: they keep what the person chose), and the
admin's organisation form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from home.forms import AccessibleFormMixin
from home.models import District
from volunteers import services
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


class OrganisationForm(WagtailAdminModelForm):
    """The admin's organisation form (``OrganisationViewSet``). A new address for applications
    goes through the one audited change the partner portal uses too
    (``services.change_contact_email``): the record keeps the old address until the owner of the
    new one confirms it. Only coordinators see the field (``CONTACT_EMAIL_PERMISSION``)."""

    def save(self, commit=True):
        new_email = None
        if "email" in self.fields and "email" in self.changed_data:
            new_email = self.cleaned_data["email"]
            self.instance.email = self.initial.get("email") or ""
        instance = super().save(commit=commit)
        if new_email is not None and instance.pk:
            services.change_contact_email(instance, self.for_user, new_email)
        return instance
