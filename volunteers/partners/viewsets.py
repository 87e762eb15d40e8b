"""Koordynacja wolontariatu's admin of the portal (wagtail-modeladmin, one "Portal partnerów" menu):
members of organisations (invite, end access, reset the second factor), invitations, and join
requests (verify or reject).

Every register derives from ``home.viewsets.RegisterAdmin`` and is read-only as a form: changes
go through ``volunteers.partners.services``, the same rules the portal uses. Partner accounts
themselves never reach the admin (they hold no permission and no staff flag).
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdminGroup
from wagtail_modeladmin.views import InstanceSpecificView, WMABaseView

from cas_site.errors import DomainError
from home.viewsets import ReadOnlyPermissionHelper, RegisterAdmin
from volunteers.partners import services
from volunteers.partners.choices import JoinRequestStatus
from volunteers.partners.forms import InviteManagerForm, RejectJoinRequestForm, VerifyJoinRequestForm
from volunteers.partners.models import Invitation, JoinRequest, Membership

TEMPLATE = "volunteers/partners/admin/action.html"


class ActionView(InstanceSpecificView):
    """One action on one record: GET shows its form (or a confirmation), POST does it."""

    template_name = TEMPLATE
    title = ""
    intro = ""
    submit = ""
    form_class = None

    def get_page_title(self):
        return self.title

    def get_form(self):
        return self.form_class(self.request.POST or None) if self.form_class else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, submit=self.submit, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is None or form.is_valid():
            try:
                message = self.act(form.cleaned_data if form else {})
            except DomainError as error:
                if form is None:
                    messages.error(request, str(error.message))
                    return redirect(self.url_helper.index_url)
                form.add_error(None, str(error.message))
            else:
                messages.success(request, message)
                return redirect(self.url_helper.index_url)
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def act(self, data) -> str:
        raise NotImplementedError


# --- Members ---------------------------------------------------------------------------------------


class ActiveFilter(SimpleListFilter):
    title = gettext_lazy("dostęp")
    parameter_name = "dostep"

    def lookups(self, request, model_admin):
        return [("aktywny", _("aktywny")), ("zakonczony", _("zakończony"))]

    def queryset(self, request, queryset):
        if self.value() == "aktywny":
            return queryset.filter(removed_at__isnull=True)
        if self.value() == "zakonczony":
            return queryset.filter(removed_at__isnull=False)
        return queryset


class MembershipPermissionHelper(ReadOnlyPermissionHelper):
    """Memberships come from accepted invitations; coordinators invite (the "add" view), end
    access and reset a lost second factor."""

    def user_can_create(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("add"))

    def user_can_manage(self, user, obj=None):
        allowed = self.user_has_specific_permission(user, self.get_perm_codename("change"))
        return allowed and (obj is None or obj.removed_at is None)


class MembershipButtonHelper(ButtonHelper):
    def add_button(self, *args, **kwargs):
        button = super().add_button(*args, **kwargs)
        button.update(label=_("Zaproś do organizacji"), title=_("Wyślij zaproszenie do portalu partnerów"))
        return button

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_manage(self.request.user, obj):
            for action, label in [("remove", _("Odbierz dostęp")), ("reset_otp", _("Wyłącz drugi składnik"))]:
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action, quote(obj.pk)),
                        "label": label,
                        "classname": self.finalise_classname(["button-secondary"]),
                        "title": label,
                    }
                )
        return buttons


class InviteView(WMABaseView):
    """The register's "add" view: an invitation, not a hand-made membership."""

    template_name = TEMPLATE

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_create(user)

    def get_page_title(self):
        return _("Zaproś do portalu partnerów")

    def get_form(self):
        initial = {}
        organisation = self.request.GET.get("organisation", "")
        if organisation.isdigit():
            initial["organisation"] = int(organisation)
        return InviteManagerForm(self.request.POST or None, initial=initial)

    def get_context_data(self, **kwargs):
        intro = _(
            "Osoba dostanie e-mail z linkiem (ważnym 7 dni): ustawi hasło i drugi składnik logowania, "
            "a potem będzie działać w portalu w imieniu organizacji."
        )
        return super().get_context_data(intro=intro, submit=_("Wyślij zaproszenie"), **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.invite(data["organisation"], data["email"], data["role"], by=request.user)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("Wysłano zaproszenie na adres %(email)s.") % {"email": data["email"]}
                )
                return redirect(self.url_helper.index_url)
        return self.render_to_response(self.get_context_data(form=form), status=422)


class RemoveMemberView(ActionView):
    title = gettext_lazy("Odbierz dostęp do portalu")
    intro = gettext_lazy(
        "Osoba straci dostęp do tej organizacji w portalu, a jej tokeny API przestaną działać. "
        "Możesz usunąć także ostatniego menedżera; zaproś wtedy nowego."
    )
    submit = gettext_lazy("Odbierz dostęp")

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_manage(user, self.instance)

    def act(self, data):
        services.remove_member(self.instance, by=self.request.user, keep_a_manager=False)
        return _("Odebrano dostęp: %(member)s.") % {"member": self.instance}


class ResetSecondFactorView(ActionView):
    title = gettext_lazy("Wyłącz drugi składnik logowania")
    intro = gettext_lazy(
        "Zrób to tylko na prośbę tej osoby, gdy straciła telefon z aplikacją, po sprawdzeniu, że to ona. "
        "Przy następnym logowaniu (hasłem) skonfiguruje nowy drugi składnik."
    )
    submit = gettext_lazy("Wyłącz drugi składnik")

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_manage(user, self.instance)

    def act(self, data):
        services.reset_second_factor(self.instance.user)
        return _("Wyłączono drugi składnik: %(email)s.") % {"email": self.instance.user.email}


class MembershipAdmin(RegisterAdmin):
    model = Membership
    menu_label = gettext_lazy("Członkowie organizacji")
    menu_icon = "group"
    permission_helper_class = MembershipPermissionHelper
    button_helper_class = MembershipButtonHelper
    create_view_class = InviteView
    inspect_view_enabled = True
    list_display = ["email", "organisation", "role", "joined_at", "removed_at"]
    list_filter = ["role", ActiveFilter]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    inspect_view_fields = [
        "user",
        "organisation",
        "role",
        "joined_at",
        "invited_by",
        "removed_at",
        "removed_by",
    ]

    @staticmethod
    def email(membership):
        return membership.user.email

    email.short_description = gettext_lazy("e-mail")

    action_views = {"remove": RemoveMemberView, "reset_otp": ResetSecondFactorView}


# --- Invitations -----------------------------------------------------------------------------------


class InvitationAdmin(RegisterAdmin):
    """Who was invited where, and whether they accepted (the link itself is never shown)."""

    model = Invitation
    menu_label = gettext_lazy("Zaproszenia do portalu")
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    inspect_view_fields = [
        "email", "organisation", "role", "invited_by", "join_request", "created_at", "expires_at",
        "accepted_at", "revoked_at",
    ]  # fmt: skip


# --- Join requests ---------------------------------------------------------------------------------


class JoinRequestPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_decide(self, user, obj=None):
        allowed = self.user_has_specific_permission(user, self.get_perm_codename("change"))
        return allowed and (obj is None or obj.status == JoinRequestStatus.SUBMITTED)


class JoinRequestButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_decide(self.request.user, obj):
            for action, label, title in [
                (
                    "verify",
                    _("Zweryfikuj"),
                    _("Połącz z organizacją w katalogu i zaproś osobę jako menedżera"),
                ),
                ("reject", _("Odrzuć"), _("Odrzuć prośbę z uzasadnieniem")),
            ]:
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action, quote(obj.pk)),
                        "label": label,
                        "classname": self.finalise_classname(["button-secondary"]),
                        "title": title,
                    }
                )
        return buttons


class VerifyJoinRequestView(ActionView):
    title = gettext_lazy("Zweryfikuj prośbę o dołączenie")
    intro = gettext_lazy(
        "Przed weryfikacją sprawdź wpis w KRS (nazwa, numer, reprezentacja) i potwierdź kontakt "
        "z organizacją. Osoba z prośby dostanie zaproszenie jako menedżer organizacji."
    )
    submit = gettext_lazy("Zweryfikuj i zaproś")

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_decide(user, self.instance)

    def get_form(self):
        initial = {"organisation": services.organisation_for_krs(self.instance.krs)}
        return VerifyJoinRequestForm(self.request.POST or None, initial=initial)

    def act(self, data):
        invitation = services.verify_join_request(
            self.instance, by=self.request.user, organisation=data.get("organisation")
        )
        return _("Zweryfikowano. Zaproszenie dla %(email)s do organizacji %(organisation)s jest wysłane.") % {
            "email": invitation.email,
            "organisation": invitation.organisation.name,
        }


class RejectJoinRequestView(ActionView):
    title = gettext_lazy("Odrzuć prośbę o dołączenie")
    submit = gettext_lazy("Odrzuć prośbę")
    form_class = RejectJoinRequestForm

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_decide(user, self.instance)

    def act(self, data):
        services.reject_join_request(self.instance, by=self.request.user, reason=data.get("reason", ""))
        return _("Odrzucono prośbę: %(request)s.") % {"request": self.instance}


class JoinRequestAdmin(RegisterAdmin):
    model = JoinRequest
    menu_label = gettext_lazy("Prośby o dołączenie")
    menu_icon = "form"
    permission_helper_class = JoinRequestPermissionHelper
    button_helper_class = JoinRequestButtonHelper
    inspect_view_enabled = True
    list_display = ["organisation_name", "krs", "contact_name", "email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["organisation_name", "krs", "contact_name", "email"]
    inspect_view_fields = [
        "organisation_name", "krs", "contact_name", "email", "status", "created_at", "decided_at",
        "decided_by", "organisation", "rejection_reason",
    ]  # fmt: skip

    action_views = {"verify": VerifyJoinRequestView, "reject": RejectJoinRequestView}


class PartnersAdminGroup(ModelAdminGroup):
    """The "Portal partnerów" menu (Koordynacja wolontariatu)."""

    menu_label = gettext_lazy("Portal partnerów")
    menu_icon = "group"
    menu_order = 320
    items = (JoinRequestAdmin, MembershipAdmin, InvitationAdmin)
