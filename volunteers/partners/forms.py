"""Website forms of the partner portal (no JavaScript; they keep what the person typed)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from home.forms import AccessibleFormMixin, HoneypotField
from volunteers.choices import ProjectNeed
from volunteers.models import Opportunity, Organisation, normalise_krs, validate_krs
from volunteers.partners import services
from volunteers.partners.choices import Role, TokenLifetime
from volunteers.people.choices import ApplicationStatus
from volunteers.services import OPPORTUNITY_FIELDS, ORGANISATION_FIELDS, ProjectProposal


class PortalForm(AccessibleFormMixin, forms.Form):
    """Shared rendering: the honeypot (if any) is drawn apart from the visible fields."""

    honeypot_name = "website"

    def people_fields(self):
        return [f for f in self.visible_fields() if f.name != self.honeypot_name]

    def honeypot(self):
        return self[self.honeypot_name] if self.honeypot_name in self.fields else None


def email_field(label=None, **kwargs):
    return forms.EmailField(
        label=label or _("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        **kwargs,
    )


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Django's login form with the e-mail address as the login. Staff accounts and people who
    belong to no organisation any more get the same answer as a wrong password."""

    error_messages = {
        "invalid_login": _("Nieprawidłowy e-mail lub hasło."),
        "inactive": _("Nieprawidłowy e-mail lub hasło."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.CharField(
            label=_("E-mail"),
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
        )
        self.fields["password"].label = _("Hasło")

    def people_fields(self):
        return self.visible_fields()

    def clean_username(self):
        # One spelling per account, so the lockout counts every attempt at it together.
        return services.normalise_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not services.is_partner_account(user):
            raise self.get_invalid_login_error()


class PasswordResetRequestForm(PortalForm):
    """Django's ``PasswordResetView`` calls ``save``; the e-mail goes through the outbox."""

    email = email_field()
    website = HoneypotField()

    def save(self, **kwargs):
        services.request_password_reset(self.cleaned_data["email"])


class NewPasswordForm(AccessibleFormMixin, SetPasswordForm):
    """Django's form of the reset link (its validators, its Polish and Ukrainian messages)."""

    def people_fields(self):
        return self.visible_fields()


class NewAccountForm(PortalForm):
    """Accepting an invitation with a new account: a name and a password (Django's validators)."""

    first_name = forms.CharField(
        label=_("Imię"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Nazwisko"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password1 = forms.CharField(
        label=_("Hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Co najmniej 8 znaków; nie same cyfry i nie popularne hasło."),
    )
    password2 = forms.CharField(
        label=_("Powtórz hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email="", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hasła się różnią."))
        elif first:
            user = get_user_model()(
                username=self.email, email=self.email, first_name=data.get("first_name", "")
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ExistingAccountForm(PortalForm):
    """Accepting an invitation with the person's existing partner account: its password."""

    password = forms.CharField(
        label=_("Hasło do portalu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(PortalForm):
    code = forms.CharField(
        label=_("Kod z aplikacji"),
        max_length=10,
        validators=[RegexValidator(r"^\s*\d{3}\s*\d{3}\s*$", _("Kod to 6 cyfr."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": r"[0-9 ]*", "size": 8}
        ),
        help_text=_("6 cyfr z aplikacji uwierzytelniającej (np. Aegis, FreeOTP, Google Authenticator)."),
    )


class JoinRequestForm(PortalForm):
    organisation_name = forms.CharField(
        label=_("Nazwa organizacji"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    krs = forms.CharField(
        label=_("Numer KRS"),
        max_length=20,
        help_text=_("10 cyfr, np. 0000123456. Portal jest dla organizacji wpisanych do KRS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    contact_name = forms.CharField(
        label=_("Osoba kontaktowa (imię i nazwisko)"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = email_field(
        help_text=_("Na ten adres wyślemy zaproszenie do portalu po weryfikacji organizacji.")
    )
    website = HoneypotField()

    def clean_krs(self):
        krs = normalise_krs(self.cleaned_data["krs"])
        validate_krs(krs)
        return krs


class InviteForm(PortalForm):
    email = email_field(help_text=_("Wyślemy na ten adres link z zaproszeniem, ważny 7 dni."))
    role = forms.ChoiceField(
        label=_("Rola"), choices=Role.choices, initial=Role.MEMBER, widget=forms.RadioSelect
    )


class RoleForm(PortalForm):
    role = forms.ChoiceField(label=_("Rola"), choices=Role.choices, widget=forms.RadioSelect)


class TokenForm(PortalForm):
    name = forms.CharField(
        label=_("Nazwa tokenu"),
        max_length=100,
        help_text=_("Do czego go użyjesz, np. „strona naszej fundacji”."),
    )
    role = forms.ChoiceField(
        label=_("Zakres"), choices=Role.choices, initial=Role.MEMBER, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(
        label=_("Ważność"),
        choices=TokenLifetime.choices,
        coerce=int,
        initial=TokenLifetime.QUARTER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if membership is not None and membership.role != Role.MANAGER:
            self.fields["role"].choices = [(Role.MEMBER.value, Role.MEMBER.label)]


# --- The coordinators' admin forms (``viewsets.py``) ----------------------------------------------


def _organisations():
    from volunteers.models import Organisation

    return Organisation.objects.order_by("name")


class InviteManagerForm(forms.Form):
    """Koordynacja invites a person to an organisation (a manager, usually)."""

    organisation = forms.ModelChoiceField(label=_("Organizacja"), queryset=None)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Rola"), choices=Role.choices, initial=Role.MANAGER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()


class VerifyJoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organizacja w katalogu"),
        queryset=None,
        required=False,
        help_text=_(
            "Zostaw puste, a połączymy prośbę z organizacją o tym numerze KRS albo utworzymy nową "
            "(nieopublikowaną) w katalogu."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()


class RejectJoinRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Uzasadnienie dla organizacji"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Trafi do e-maila z odpowiedzią."),
    )


# --- Applications inbox and youth projects (portal pages) ------------------------------------------


class ApplicationFilterForm(PortalForm):
    """The inbox's filters (GET): a status and one of the organisation's own opportunities."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    opportunity = forms.TypedChoiceField(label=_("Oferta"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, opportunities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("wszystkie")), *ApplicationStatus.choices]
        self.fields["opportunity"].choices = [("", _("wszystkie")), *((o.pk, o.title) for o in opportunities)]


class ApplicationStatusForm(PortalForm):
    """The organisation answers an application: a status the service allows now, and an optional
    message the volunteer gets in the e-mail."""

    status = forms.ChoiceField(label=_("Nowy status"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Wiadomość do wolontariusza (opcjonalnie)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Trafi do e-maila, który wolontariusz dostanie o zmianie statusu. Najwyżej 2000 znaków."),
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ApplicationStatus.choices)
        # Any status is accepted here so that the one status change decides (and explains) what
        # this side may not do; only the ones it allows now are offered.
        self.fields["status"].choices = ApplicationStatus.choices
        self.fields["status"].widget.choices = [(status, labels[status]) for status in statuses]


class ProjectProposalForm(PortalForm):
    """A youth project proposed to CAS (``volunteers.services.ProjectProposal``; the service checks
    the rules a form cannot, and its refusals appear next to the field they name)."""

    title = forms.CharField(label=_("Tytuł projektu"), max_length=200)
    description = forms.CharField(
        label=_("Opis"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Dla kogo, co się wydarzy i po co. Zwykły tekst; puste linie oddzielają akapity."),
    )
    age_min = forms.IntegerField(label=_("Wiek uczestników od"), min_value=6, max_value=30)
    age_max = forms.IntegerField(label=_("Wiek uczestników do"), min_value=6, max_value=30)
    starts_on = forms.DateField(
        label=_("Początek (opcjonalnie)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Koniec (opcjonalnie)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    needs = forms.MultipleChoiceField(
        label=_("Czego oczekujecie od CAS"),
        choices=ProjectNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Zaznacz, czego oczekujecie od CAS.")},
    )

    def proposal(self):
        return ProjectProposal(**self.cleaned_data)


class ProjectCommentForm(PortalForm):
    comment = forms.CharField(
        label=_("Komentarz do CAS"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zobaczą go koordynatorzy CAS; odpowiedź przyjdzie też e-mailem."),
    )


# --- The organisation's profile and offers (changes moderated by CAS) ----------------------------


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # what people type ("fundacja.pl") is a site on https
    return model_field.formfield(**kwargs)


class ChangeForm(PortalForm):
    """A form of the fields an organisation may change (``model`` and ``editable``, the services'
    whitelist); labels and choices come from the model. ``change_data()`` is what the service
    takes: terms as records (it also takes slugs), dates as dates. The service validates again
    and its ``InvalidChange`` errors are shown per field (``show_invalid``)."""

    model = None
    editable = ()
    #: (legend, field names): how the page groups the fields.
    groups = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                self.model,
                fields=self.editable,
                widgets={name: self.widget_for(name) for name in self.editable if self.widget_for(name)},
                formfield_callback=_formfield,
            )
        )
        for field in self.fields.values():
            field.label = capfirst(field.label)
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)

    def widget_for(self, name):
        model_field = self.model._meta.get_field(name)
        if isinstance(model_field, models.DateField):
            return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if isinstance(model_field, models.TextField):
            return forms.Textarea(attrs={"rows": 6})
        return None

    def fieldsets(self):
        """(legend, bound fields) of each group, each a ``<fieldset>`` with a ``<legend>``."""
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    @classmethod
    def initial_from(cls, obj) -> dict:
        """The values of ``obj`` (the latest revision, so a change waiting for CAS shows)."""
        return forms.model_to_dict(obj, fields=cls.editable)

    def change_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.editable}

    def show_invalid(self, error) -> None:
        """Put an ``InvalidChange``'s messages next to their fields (else above the form)."""
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class ProfileForm(ChangeForm):
    model = Organisation
    editable = ORGANISATION_FIELDS
    groups = (
        (_("O organizacji"), ("description", "areas", "accepts_volunteers", "partners_informal_groups")),
        (_("Kontakt i miejsce"), ("district", "address", "website", "phone")),
    )

    def widget_for(self, name):
        if name == "address":
            return forms.TextInput(attrs={"autocomplete": "street-address"})
        if name == "phone":
            return forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})
        if name == "website":
            return forms.URLInput(attrs={"autocomplete": "url"})
        return super().widget_for(name)


class OpportunityForm(ChangeForm):
    model = Opportunity
    editable = OPPORTUNITY_FIELDS
    groups = (
        (_("Na czym polega"), ("title", "description", "skills", "areas", "requirements")),
        (_("Gdzie i dla kogo"), ("district", "remote", "min_age", "places")),
        (_("Kiedy i ile czasu"), ("commitment", "hours", "starts_on", "ends_on", "application_deadline")),
        (_("Co zyskuje wolontariusz"), ("benefits",)),
    )


class ContactEmailForm(PortalForm):
    email = email_field(
        label=_("Nowy adres na zgłoszenia"),
        help_text=_(
            "Na ten adres wyślemy link; zgłoszenia zaczną tam trafiać, gdy jego właściciel go otworzy. "
            "Do tego czasu trafiają na obecny adres."
        ),
    )
