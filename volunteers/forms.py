"""Filter forms of the directory pages (GET forms: they keep what the person chose), and the
admin's organisation form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from campaigns.models import CampaignPage
from campaigns.workshops.models import WorkshopPage
from home.forms import AccessibleFormMixin
from home.models import District
from volunteers import services
from volunteers.choices import ProjectStatus
from volunteers.models import Area, Opportunity, Skill

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


# --- Youth projects: CAS's review in the admin ----------------------------------------------------


class ProjectCommentField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Komentarz dla organizacji"))
        kwargs.setdefault("help_text", _("Trafi do e-maila do osoby, która zgłosiła projekt."))
        super().__init__(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **kwargs)


class ProjectDecisionForm(forms.Form):
    """Accept or decline a submitted project (a comment is required when declining)."""

    decision = forms.ChoiceField(
        label=_("Decyzja"),
        choices=[
            (ProjectStatus.ACCEPTED, _("przyjmij projekt")),
            (ProjectStatus.DECLINED, _("odrzuć projekt")),
        ],
        widget=forms.RadioSelect,
    )
    comment = ProjectCommentField(help_text=_("Przy odrzuceniu wymagany: organizacja dowie się, dlaczego."))


class ProjectStepForm(forms.Form):
    """Start or finish a project, with an optional comment to the organisation."""

    comment = ProjectCommentField()


class ProjectCommentForm(forms.Form):
    comment = ProjectCommentField(label=_("Komentarz"))

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Komentarz nie może być pusty."))
        return comment


class ProjectLinksForm(forms.Form):
    """What an accepted project is linked to: a campaign, workshops, the organisation's opportunities."""

    campaign = forms.ModelChoiceField(label=_("Kampania"), queryset=None, required=False)
    workshops = forms.ModelMultipleChoiceField(
        label=_("Warsztaty"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    opportunities = forms.ModelMultipleChoiceField(
        label=_("Oferty wolontariatu organizacji"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project, **kwargs):
        initial = {
            "campaign": project.campaign_id,
            "workshops": list(project.workshops.values_list("pk", flat=True)),
            "opportunities": list(project.opportunities.values_list("pk", flat=True)),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["campaign"].queryset = CampaignPage.objects.order_by("title")
        self.fields["workshops"].queryset = WorkshopPage.objects.order_by("title")
        self.fields["opportunities"].queryset = Opportunity.objects.filter(
            organisation=project.organisation
        ).order_by("title")
