"""Website forms of the volunteer registry (no JavaScript; they keep what the person typed)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cas_site.public_writes import form_error
from home.forms import AccessibleFormMixin, HoneypotField
from home.models import District
from volunteers.models import Area, Skill
from volunteers.people.choices import ApplicationStatus, Availability


class RegistryForm(AccessibleFormMixin, forms.Form):
    """Shared rendering helpers: the honeypot is drawn apart from the visible fields."""

    honeypot_name = "website"

    def people_fields(self):
        return [f for f in self.visible_fields() if f.name != self.honeypot_name]

    def honeypot(self):
        return self[self.honeypot_name] if self.honeypot_name in self.fields else None


def _vocabulary_field(model, label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ProfileFields(forms.Form):
    first_name = forms.CharField(
        label=_("Imię"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    phone = forms.CharField(
        label=_("Telefon (nieobowiązkowo)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    district = forms.ModelChoiceField(
        label=_("Dzielnica"),
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label=_("wybierz dzielnicę"),
        help_text=_("Gdzie najłatwiej Ci pomagać."),
    )
    skills = _vocabulary_field(Skill, _("Co umiesz"))
    areas = _vocabulary_field(Area, _("Co Cię interesuje"))
    availability = forms.MultipleChoiceField(
        label=_("Kiedy możesz pomagać"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    about = forms.CharField(
        label=_("Kilka słów o sobie (nieobowiązkowo)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def service_changes(self):
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "phone": data["phone"],
            "district": data["district"].slug,
            "skills": [s.slug for s in data["skills"]],
            "areas": [a.slug for a in data["areas"]],
            "availability": list(data["availability"]),
            "about": data["about"],
        }


class RegistrationForm(RegistryForm, ProfileFields):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Wyślemy na niego link potwierdzający (ważny 72 godziny)."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    birth_year = forms.IntegerField(
        label=_("Rok urodzenia"),
        help_text=_("Tylko rok. Osoby poniżej 18 lat potrzebują zgody rodzica lub opiekuna."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    guardian_email = forms.EmailField(
        label=_("E-mail rodzica lub opiekuna prawnego"),
        required=False,
        max_length=254,
        help_text=_("Wymagany, jeśli masz mniej niż 18 lat. Poprosimy opiekuna o zgodę."),
    )
    terms = forms.BooleanField(
        label=_("Akceptuję regulamin bazy wolontariuszy CAS."),
        error_messages={"required": _("Zaakceptuj regulamin bazy wolontariuszy.")},
    )
    data_processing = forms.BooleanField(
        label=_("Zgadzam się na przetwarzanie moich danych w celu kontaktu w sprawie wolontariatu."),
        error_messages={
            "required": _("Wyraź zgodę na przetwarzanie danych — bez niej nie możemy Cię zapisać.")
        },
    )
    newsletter = forms.BooleanField(
        label=_("Chcę dostawać newsletter CAS (nieobowiązkowo; poniżej 16 lat zgodę wyraża opiekun)."),
        required=False,
    )
    opportunity = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    website = HoneypotField()

    field_order = [
        "first_name", "email", "phone", "birth_year", "guardian_email", "district",
        "skills", "areas", "availability", "about", "terms", "data_processing", "newsletter",
    ]  # fmt: skip

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and not (timezone.localdate().year - 120 <= year <= timezone.localdate().year):
            raise forms.ValidationError(_("Podaj prawdziwy rok urodzenia."))
        return year

    def clean(self):
        """The age rules at once, beside the other errors (the service checks them again)."""
        from volunteers.people.services import RegistrationInvalid, check_age

        data = super().clean()
        if data.get("birth_year") is not None and "email" in data:
            try:
                check_age(data["birth_year"], data.get("guardian_email", ""), data["email"])
            except RegistrationInvalid as error:
                form_error(self, error)
        return data

    def registration(self):
        from volunteers.people.services import Registration

        data = self.cleaned_data
        return Registration(
            first_name=data["first_name"],
            email=data["email"],
            phone=data["phone"],
            birth_year=data["birth_year"],
            district=data["district"].slug,
            skills=[s.slug for s in data["skills"]],
            areas=[a.slug for a in data["areas"]],
            availability=list(data["availability"]),
            about=data["about"],
            guardian_email=data["guardian_email"],
            terms=data["terms"],
            data_processing=data["data_processing"],
            newsletter=data["newsletter"],
            opportunity=data["opportunity"],
        )


class ProfileForm(RegistryForm, ProfileFields):
    """Correction of one's own data in self-service."""


class AccessLinkForm(RegistryForm):
    email = forms.EmailField(
        label=_("E-mail podany przy zapisie"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = HoneypotField()


class ApplicationForm(RegistryForm):
    message = forms.CharField(
        label=_("Wiadomość do organizacji (nieobowiązkowo)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Organizacja dostanie Twoje imię, e-mail, telefon i tę wiadomość."),
    )


class ApplicationStatusForm(forms.Form):
    """CAS staff move an application on (admin); the portal's form is built on the same fields."""

    status = forms.ChoiceField(label=_("Nowy status"))
    message = forms.CharField(
        label=_("Wiadomość do wolontariusza"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nieobowiązkowa. Trafi do e-maila o zmianie statusu."),
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ApplicationStatus.choices)
        self.fields["status"].choices = [(status, labels[status]) for status in allowed]
