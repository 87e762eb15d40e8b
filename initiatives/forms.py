"""Website forms of the initiatives app: the idea submission, the guardian's consent, story filters,
and the coordinators' review form in the admin."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.forms import AccessibleFormMixin, HoneypotField
from home.models import District
from home.roles import VOLUNTEER_COORDINATORS
from initiatives.choices import SubmissionStatus, SupportType
from initiatives.models import Topic
from initiatives.services import IdeaData


class DateInput(forms.DateInput):
    input_type = "date"


class IdeaSubmissionForm(AccessibleFormMixin, forms.Form):
    """``/zglos-pomysl/``: what the group wants to do and what it needs from CAS."""

    group_name = forms.CharField(label=_("Nazwa grupy"), max_length=150)
    informal_group = forms.TypedChoiceField(
        label=_("Czy jesteście grupą nieformalną?"),
        choices=[
            ("tak", _("Tak, nie działamy w żadnej organizacji")),
            ("nie", _("Nie, działamy przy organizacji")),
        ],
        coerce=lambda value: value == "tak",
        widget=forms.RadioSelect,
        initial="tak",
    )
    members_count = forms.IntegerField(label=_("Ile osób liczy grupa?"), min_value=1, max_value=500)
    age_min = forms.IntegerField(
        label=_("Wiek najmłodszej osoby"), min_value=5, max_value=120, required=False
    )
    age_max = forms.IntegerField(
        label=_("Wiek najstarszej osoby"), min_value=5, max_value=120, required=False
    )
    leader_name = forms.CharField(
        label=_("Imię i nazwisko lidera grupy"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail lidera"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Telefon (nieobowiązkowo)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    birth_year = forms.IntegerField(
        label=_("Rok urodzenia lidera"),
        min_value=1920,
        help_text=_("Pytamy tylko o rok. Osoby poniżej 16 lat podają e-mail opiekuna prawnego."),
    )
    guardian_email = forms.EmailField(
        label=_("E-mail opiekuna prawnego"),
        required=False,
        help_text=_("Tylko dla liderów poniżej 16 lat: opiekun dostanie link do potwierdzenia zgody."),
    )
    title = forms.CharField(label=_("Tytuł pomysłu"), max_length=200)
    description = forms.CharField(
        label=_("Opisz pomysł"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Co chcecie zrobić, dla kogo i dlaczego? Nie wpisuj tu danych innych osób."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Czego potrzebujecie od CAS?"),
        choices=SupportType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    funding_amount = forms.DecimalField(
        label=_("Kwota wsparcia finansowego (zł)"),
        min_value=1,
        max_digits=9,
        decimal_places=2,
        required=False,
        help_text=_("Wypełnij, jeśli zaznaczono finansowanie."),
    )
    district = forms.ModelChoiceField(
        label=_("Dzielnica"),
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label=_("— wybierz —"),
    )
    planned_start = forms.DateField(label=_("Planowany początek"), required=False, widget=DateInput)
    planned_end = forms.DateField(label=_("Planowany koniec"), required=False, widget=DateInput)
    terms = forms.BooleanField(
        label=_(
            "Akceptuję regulamin wsparcia inicjatyw i zasady przetwarzania danych "
            "opisane w polityce prywatności."
        )
    )
    website = HoneypotField()

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Podaj prawdziwy rok urodzenia."))
        return year

    def idea_data(self) -> IdeaData:
        data = self.cleaned_data
        return IdeaData(
            group_name=data["group_name"],
            informal_group=data["informal_group"],
            members_count=data["members_count"],
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
            leader_name=data["leader_name"],
            email=data["email"],
            phone=data.get("phone", ""),
            birth_year=data["birth_year"],
            guardian_email=data.get("guardian_email", ""),
            title=data["title"],
            description=data["description"],
            needs=list(data.get("needs", [])),
            funding_amount=data.get("funding_amount"),
            district=data["district"].slug,
            planned_start=data.get("planned_start"),
            planned_end=data.get("planned_end"),
            terms_accepted=data["terms"],
        )


class GuardianConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=200)


class StoryFilterForm(forms.Form):
    """Filters of ``/inicjatywy/``; a wrong value is ignored rather than emptying the list."""

    q = forms.CharField(label=_("Szukaj"), required=False, max_length=200)
    rok = forms.TypedChoiceField(label=_("Rok"), required=False, coerce=int, empty_value=None)
    dzielnica = forms.ModelChoiceField(
        label=_("Dzielnica"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )
    temat = forms.ModelChoiceField(
        label=_("Temat"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("wszystkie"),
    )

    def __init__(self, *args, **kwargs):
        from initiatives.models import SuccessStoryPage

        super().__init__(*args, **kwargs)
        years = SuccessStoryPage.objects.live().order_by("-year").values_list("year", flat=True).distinct()
        self.fields["rok"].choices = [("", _("wszystkie")), *((str(y), str(y)) for y in years)]

    def cleaned_filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


def mentor_candidates():
    """CAS staff who may look after a group: coordinators and administrators."""
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=VOLUNTEER_COORDINATORS), is_active=True)
        .distinct()
        .order_by("username")
    )


class ReviewForm(forms.Form):
    """The coordinator's decision on a submission (admin)."""

    status = forms.ChoiceField(label=_("Nowy status"), required=False)
    message = forms.CharField(
        label=_("Wiadomość do lidera grupy"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Trafi do e-maila o zmianie statusu."),
    )
    mentor = forms.ModelChoiceField(label=_("Opiekun z CAS"), queryset=None, required=False)
    note = forms.CharField(
        label=_("Notatka wewnętrzna"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Widzą ją tylko pracownicy CAS."),
    )

    def __init__(self, *args, submission, allowed, **kwargs):
        super().__init__(*args, initial={"mentor": submission.mentor_id}, **kwargs)
        labels = dict(SubmissionStatus.choices)
        self.fields["status"].choices = [("", _("— bez zmiany —")), *((s, labels[s]) for s in allowed)]
        self.fields["mentor"].queryset = mentor_candidates()
        self.submission = submission
