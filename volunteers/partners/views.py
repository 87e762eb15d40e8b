"""Website routes of the partner portal (/partnerzy/…): login and the second factor, password
reset, invitations, the organisation's dashboard, its members and the API tokens.

Every route carries ``access.portal_route`` (404 while the portal is off, never cached; put on
all of them in ``urls.py``); every page of an organisation's data carries ``partner_required``.
Login, logout and password reset are Django's own views with our templates and forms; the
lockout after failed logins is django-axes' (as in the admin), the second factor django-otp's.
"""

import base64

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import WorkflowState

from cas_site.errors import DomainError, NotFound, RateLimited, TokenGone
from cas_site.public_writes import form_error, public_write, refused
from volunteers import services as directory
from volunteers.models import Opportunity, Organisation, YouthProject
from volunteers.partners import services
from volunteers.partners.access import active_memberships, is_verified, partner_required
from volunteers.partners.choices import Role
from volunteers.partners.forms import (
    ApplicationFilterForm,
    ApplicationStatusForm,
    CodeForm,
    ContactEmailForm,
    ExistingAccountForm,
    InviteForm,
    JoinRequestForm,
    LoginForm,
    NewAccountForm,
    NewPasswordForm,
    OpportunityForm,
    PasswordResetRequestForm,
    ProfileForm,
    ProjectCommentForm,
    ProjectProposalForm,
    RoleForm,
    TokenForm,
)
from volunteers.partners.models import Invitation, Membership, PersonalAccessToken
from volunteers.people import services as people
from volunteers.people.choices import Channel

TEMPLATES = "volunteers/partners/"
#: The guards of the portal's writes (a rate limit per client address; honeypots where public).
LOGIN = public_write("partner-login")
PASSWORD_RESET = public_write("partner-password-reset")
JOIN_REQUEST = public_write("partner-join-request")
INVITATION = public_write("partner-invitation")
SECOND_FACTOR = public_write("partner-second-factor")
INVITE = public_write("partner-invite")


def rate_limited(request, error):
    return refused(render(request, TEMPLATES + "rate_limited.html", {"message": error.message}), error)


def token_gone(request, error):
    return render(request, TEMPLATES + "link_gone.html", {"message": error.message}, status=410)


def safe_next(request, default="partners:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


# --- Login, logout, password reset (Django's views) -----------------------------------------------


class LoginView(auth_views.LoginView):
    """E-mail and password; django-axes locks an address+login pair after ``AXES_FAILURE_LIMIT``
    failures (its middleware answers with the lockout page), and every attempt counts against the
    client's rate limit first."""

    template_name = TEMPLATES + "login.html"
    form_class = LoginForm
    next_page = reverse_lazy("partners:home")

    def post(self, request, *args, **kwargs):
        try:
            LOGIN.admit(request)
        except RateLimited as error:
            return rate_limited(request, error)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("partners:login")


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address; the outbox sends the link if a partner account has it (the answer is
    the same either way)."""

    template_name = TEMPLATES + "password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("partners:password_reset_done")

    def form_valid(self, form):
        try:
            if PASSWORD_RESET.admit(self.request, form.cleaned_data):
                form.save()
        except RateLimited as error:
            return rate_limited(self.request, error)
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's check of the link (it moves the token out of the address into the session before
    the form is shown); the person signs in afterwards, with the second factor."""

    template_name = TEMPLATES + "password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("partners:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"


# --- The second factor -----------------------------------------------------------------------------


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


def manual_key(device) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _second_factor_signed_in(request, form, check) -> bool:
    """A posted TOTP code (enrolment or login): counted by the rate limit (``RateLimited``), checked
    by ``check(user, code)``, and the session marked as past the second factor. False with the
    refusal shown on the form."""
    if not form.is_valid():
        return False
    SECOND_FACTOR.admit(request)
    try:
        device = check(request.user, form.cleaned_data["code"])
    except DomainError as error:
        form_error(form, error)
        return False
    django_otp.login(request, device)
    return True


@partner_required(verified_otp=False)
def totp_enrol(request):
    if services.confirmed_device(request.user) is not None:
        return redirect(safe_next(request) if is_verified(request) else reverse("partners:totp_verify"))
    device = services.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            signed_in = _second_factor_signed_in(request, form, services.confirm_enrolment)
        except RateLimited as error:
            return rate_limited(request, error)
        if signed_in:
            messages.success(request, _("Drugi składnik jest gotowy. Od teraz logujesz się hasłem i kodem."))
            return redirect(safe_next(request))
        status = 422
    context = {
        "form": form,
        "qr": qr_data_uri(device.config_url),
        "key": manual_key(device),
        "next": request.GET.get("next", ""),
    }
    return render(request, TEMPLATES + "totp_enrol.html", context, status=status)


@partner_required(verified_otp=False)
def totp_verify(request):
    if services.confirmed_device(request.user) is None:
        return redirect(f"{reverse('partners:totp_enrol')}?next={safe_next(request)}")
    if is_verified(request):
        return redirect(safe_next(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            signed_in = _second_factor_signed_in(request, form, services.verify_second_factor)
        except RateLimited as error:
            return rate_limited(request, error)
        if signed_in:
            return redirect(safe_next(request))
        status = 422
    return render(
        request,
        TEMPLATES + "totp_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


# --- Invitations and join requests ----------------------------------------------------------------


def accept_invitation(request):
    """The page of an invitation's e-mailed link: GET shows the invitation, POST accepts it with a
    new password or with the person's existing partner account."""
    raw = request.POST.get("token") or request.GET.get("token", "")
    try:
        if request.method == "POST":
            INVITATION.admit(request)  # before the link is looked at: guesses count too
        invitation = services.open_invitation(raw)
    except RateLimited as error:
        return rate_limited(request, error)
    except TokenGone as error:
        return token_gone(request, error)
    existing = services.account_for(invitation.email)
    staff = existing is not None and services.has_admin_access(existing)
    form_class = ExistingAccountForm if existing is not None else NewAccountForm
    kwargs = {} if existing is not None else {"email": invitation.email}
    form = form_class(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST" and not staff:
        if form.is_valid():
            try:
                membership = _accept(request, raw, invitation, existing, form)
            except TokenGone as error:
                return token_gone(request, error)
            except DomainError as error:
                form_error(form, error)
            else:
                if membership is not None:
                    messages.success(
                        request,
                        _("Witamy w portalu partnerów: %(organisation)s.")
                        % {"organisation": membership.organisation.name},
                    )
                    return redirect("partners:home")  # which asks for the second factor first
        status = 422
    context = {"invitation": invitation, "form": form, "existing": existing, "staff": staff, "token": raw}
    return render(request, TEMPLATES + "accept_invitation.html", context, status=status)


def _accept(request, raw, invitation, existing, form):
    data = form.cleaned_data
    if existing is not None:
        # Django's authenticate, so django-axes counts (and locks) failed passwords here too.
        user = authenticate(request, username=existing.get_username(), password=data["password"])
        if user is None:
            form.add_error("password", _("Nieprawidłowe hasło."))
            return None
        membership = services.accept_invitation(raw, user=user)
    else:
        membership = services.accept_invitation(
            raw, password=data["password1"], first_name=data["first_name"], last_name=data["last_name"]
        )
    if request.user.is_authenticated and request.user.pk != membership.user_id:
        request.session.flush()  # someone else was signed in on this browser
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return membership


def join_request(request):
    """An organisation asks to join with its KRS number (public; the answer never tells whether
    the KRS or the address is known)."""
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                if JOIN_REQUEST.admit(request, form.cleaned_data):
                    data = form.cleaned_data
                    services.submit_join_request(
                        organisation_name=data["organisation_name"],
                        krs=data["krs"],
                        contact_name=data["contact_name"],
                        email=data["email"],
                    )
                return redirect("partners:join_request_sent")
            except RateLimited as error:
                return rate_limited(request, error)
        return render(request, TEMPLATES + "join_request.html", {"form": form}, status=422)
    return render(request, TEMPLATES + "join_request.html", {"form": form})


def join_request_sent(request):
    return render(request, TEMPLATES + "join_request_sent.html")


# --- The organisation's pages ----------------------------------------------------------------------


@partner_required
def home(request):
    """Where the portal starts: the person's organisation, or a choice when there are several."""
    memberships = list(active_memberships(request))
    if len(memberships) == 1:
        return redirect("partners:dashboard", organisation_id=memberships[0].organisation_id)
    return render(request, TEMPLATES + "choose_organisation.html", {"memberships": memberships})


def portal_context(request, **extra):
    """What every page of an organisation shows: the organisation, the person's role, the others."""
    return {
        "membership": request.membership,
        "organisation": request.organisation,
        "is_manager": request.membership.role == Role.MANAGER,
        "other_memberships": active_memberships(request).exclude(pk=request.membership.pk),
        **extra,
    }


@partner_required
def dashboard(request, organisation_id):
    return render(request, TEMPLATES + "dashboard.html", portal_context(request))


def members_context(request, **extra):
    organisation = request.organisation
    members = Membership.objects.active().filter(organisation=organisation).select_related("user")
    invitations = Invitation.objects.pending().filter(organisation=organisation)
    return portal_context(
        request,
        members=[
            {"membership": m, "role_form": RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")}
            for m in members
        ],
        invitations=invitations,
        invite_form=extra.pop("invite_form", None) or InviteForm(),
        **extra,
    )


@partner_required
def members(request, organisation_id):
    return render(request, TEMPLATES + "members.html", members_context(request))


@partner_required(role=Role.MANAGER)
def invite(request, organisation_id):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            INVITE.admit(request)
            services.invite(
                request.organisation, form.cleaned_data["email"], form.cleaned_data["role"], by=request.user
            )
        except RateLimited as error:
            return rate_limited(request, error)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Wysłaliśmy zaproszenie na adres %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("partners:members", organisation_id=organisation_id)
    status = 422 if request.method == "POST" else 200
    return render(
        request, TEMPLATES + "members.html", members_context(request, invite_form=form), status=status
    )


def _member(request, membership_id):
    return get_object_or_404(
        Membership.objects.active().select_related("user"),
        pk=membership_id,
        organisation=request.organisation,
    )


@require_POST
@partner_required(role=Role.MANAGER)
def change_role(request, organisation_id, membership_id):
    member = _member(request, membership_id)
    form = RoleForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services.change_role(member, form.cleaned_data["role"], by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Zmieniono rolę: %(email)s.") % {"email": member.user.email})
    return redirect("partners:members", organisation_id=organisation_id)


@require_POST
@partner_required
def remove_member(request, organisation_id, membership_id):
    """A manager removes a member; anyone may leave (the last manager may not)."""
    member = _member(request, membership_id)
    leaving = member.pk == request.membership.pk
    if not leaving and request.membership.role != Role.MANAGER:
        return render(request, TEMPLATES + "forbidden.html", status=403)
    try:
        services.remove_member(member, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("partners:members", organisation_id=organisation_id)
    if leaving:
        messages.success(
            request, _("Nie należysz już do organizacji %(name)s.") % {"name": request.organisation.name}
        )
        return redirect("partners:home")
    messages.success(request, _("Usunięto z organizacji: %(email)s.") % {"email": member.user.email})
    return redirect("partners:members", organisation_id=organisation_id)


@require_POST
@partner_required(role=Role.MANAGER)
def revoke_invitation(request, organisation_id, invitation_id):
    invitation = get_object_or_404(
        Invitation.objects.pending(), pk=invitation_id, organisation=request.organisation
    )
    services.revoke_invitation(invitation)
    messages.success(request, _("Cofnięto zaproszenie dla %(email)s.") % {"email": invitation.email})
    return redirect("partners:members", organisation_id=organisation_id)


# --- Personal access tokens of the partner API -----------------------------------------------------


def tokens_context(request, form, **extra):
    own = PersonalAccessToken.objects.filter(membership=request.membership)
    return portal_context(request, tokens=own, form=form, **extra)


@partner_required
def tokens(request, organisation_id):
    """The person's own tokens for this organisation; a new one is shown once, on this answer."""
    form = TokenForm(request.POST or None, membership=request.membership)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                token, raw = services.create_token(
                    request.membership, name=data["name"], role=data["role"], days=data["days"]
                )
            except DomainError as error:
                form_error(form, error)
            else:
                context = tokens_context(
                    request, TokenForm(membership=request.membership), new_token=token, raw=raw
                )
                return render(request, TEMPLATES + "tokens.html", context)
        return render(request, TEMPLATES + "tokens.html", tokens_context(request, form), status=422)
    return render(request, TEMPLATES + "tokens.html", tokens_context(request, form))


@require_POST
@partner_required
def revoke_token(request, organisation_id, token_id):
    token = get_object_or_404(PersonalAccessToken, pk=token_id, membership=request.membership)
    services.revoke_token(token)
    messages.success(request, _("Unieważniono token „%(name)s”.") % {"name": token.name})
    return redirect("partners:tokens", organisation_id=organisation_id)


# --- Applications inbox ----------------------------------------------------------------------------

#: Applications per page of the inbox.
INBOX_PAGE_SIZE = 20


def _own_application(request, application_id):
    """One of the organisation's applications; 404 for another's, as for one that does not exist."""
    try:
        return people.application_of_organisation(request.organisation, application_id)
    except NotFound:
        raise Http404 from None


@partner_required
def applications(request, organisation_id):
    """The organisation's applications (first name, offer, status, date), filtered and paged;
    opening one is the only way to the applicant's contact data (and is recorded)."""
    organisation = request.organisation
    offers = Opportunity.objects.filter(organisation=organisation).order_by("title")
    form = ApplicationFilterForm(request.GET or None, opportunities=offers)
    found = people.applications_for_organisation(organisation)
    status = 200
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["status"]:
                found = found.filter(status=form.cleaned_data["status"])
            if form.cleaned_data["opportunity"]:
                found = found.filter(opportunity_id=form.cleaned_data["opportunity"])
        else:
            status = 422
    page = Paginator(found, INBOX_PAGE_SIZE).get_page(request.GET.get("strona"))
    context = portal_context(request, form=form, page_obj=page, filtered=form.is_bound and form.has_changed())
    return render(request, TEMPLATES + "applications.html", context, status=status)


@partner_required
def application(request, organisation_id, application_id):
    """One application as the organisation sees it (``show_applicant``: every look is recorded)
    and its answer: a status the service allows now, with an optional message to the volunteer."""
    found = _own_application(request, application_id)
    statuses = people.allowed_statuses(found, Channel.PORTAL)
    form = ApplicationStatusForm(request.POST or None, statuses=statuses)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                people.change_application_status(
                    found,
                    form.cleaned_data["status"],
                    by=request.user,
                    message=form.cleaned_data["message"],
                    via=Channel.PORTAL,
                )
            except DomainError as error:
                form_error(form, error)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Zapisano status „%(status)s”. Wolontariusz dostanie e-mail.")
                    % {"status": found.get_status_display()},
                )
                return redirect(
                    "partners:application", organisation_id=organisation_id, application_id=found.pk
                )
    applicant = people.show_applicant(
        found, by=request.user, via=Channel.PORTAL, organisation=request.organisation
    )
    context = portal_context(
        request,
        application=found,
        applicant=applicant,
        form=form if statuses or form.errors else None,
        status_label=found.get_status_display(),
        contact_days=people.contact_access_days(),
    )
    return render(request, TEMPLATES + "application.html", context, status=status)


# --- Youth projects co-organised with CAS ----------------------------------------------------------


def _own_project(request, project_id):
    return get_object_or_404(YouthProject.objects.of_organisation(request.organisation), pk=project_id)


@partner_required
def projects(request, organisation_id):
    """The organisation's youth projects and where each stands."""
    own = YouthProject.objects.of_organisation(request.organisation)
    return render(request, TEMPLATES + "projects.html", portal_context(request, projects=own))


@partner_required
def propose_project(request, organisation_id):
    """Propose a youth project to CAS (``volunteers.services.propose_project``; staff are told)."""
    form = ProjectProposalForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                project = directory.propose_project(
                    request.organisation, request.user, form.proposal(), language=get_language()
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Wysłaliśmy projekt do CAS. Odpowiemy w portalu i e-mailem."))
                return redirect("partners:project", organisation_id=organisation_id, project_id=project.pk)
        return render(
            request, TEMPLATES + "propose_project.html", portal_context(request, form=form), status=422
        )
    return render(request, TEMPLATES + "propose_project.html", portal_context(request, form=form))


@partner_required
def project(request, organisation_id, project_id):
    """A youth project: what was proposed, its history and thread with CAS, a comment to CAS and,
    once accepted, what CAS linked it to (a campaign, workshops, the organisation's offers)."""
    found = _own_project(request, project_id)
    form = ProjectCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                directory.comment_on_project(
                    found, form.cleaned_data["comment"], by=request.user, from_organisation=True
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Wysłaliśmy komentarz do CAS."))
                return redirect("partners:project", organisation_id=organisation_id, project_id=found.pk)
        status = 422
    linked = found.status in directory.LINKABLE_PROJECT_STATUSES
    context = portal_context(
        request,
        project=found,
        events=found.events.select_related("actor"),
        linked=linked,
        workshops=found.workshops.live().order_by("title") if linked else (),
        offers=found.opportunities.order_by("title") if linked else (),
        form=form,
    )
    return render(request, TEMPLATES + "project.html", context, status=status)


# --- The profile and the offers: changes CAS moderates ---------------------------------------------


def _refusal_status(form, error) -> int:
    """Show a refused change on its form; the status the page answers with."""
    if isinstance(error, directory.InvalidChange):
        form.show_invalid(error)
    else:  # ChangeLocked (409), ModerationUnavailable (503)
        form_error(form, error)
    return error.status


def _waiting(obj) -> bool:
    state = obj.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


@partner_required
def profile(request, organisation_id):
    """The public profile's editable fields, from the latest revision; a change goes to CAS."""
    organisation = Organisation.objects.get(pk=request.organisation.pk)
    latest = organisation.get_latest_revision_as_object()
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_from(latest))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                directory.submit_organisation_change(organisation, request.user, form.change_data())
            except DomainError as error:
                status = _refusal_status(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Zmiana profilu czeka na akceptację CAS. Do tego czasu strona publiczna pokazuje "
                        "ostatnią zaakceptowaną wersję."
                    ),
                )
                return redirect("partners:profile", organisation_id=organisation_id)
        else:
            status = 422
    context = portal_context(
        request,
        form=form,
        waiting=_waiting(organisation),
        public_url=organisation.get_absolute_url() if organisation.live else "",
    )
    return render(request, TEMPLATES + "profile.html", context, status=status)


def _offer(request, opportunity_id):
    """An offer of the page's organisation: 404 for any other (its id reveals nothing)."""
    return get_object_or_404(Opportunity, pk=opportunity_id, organisation=request.organisation)


@partner_required
def opportunities(request, organisation_id):
    context = portal_context(request, rows=services.offer_rows(request.organisation))
    return render(request, TEMPLATES + "opportunities.html", context)


@partner_required
def opportunity_create(request, organisation_id):
    form = OpportunityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = directory.create_opportunity(request.organisation, request.user, form.change_data())
            except DomainError as error:
                status = _refusal_status(form, error)
            else:
                messages.success(
                    request,
                    _("Oferta „%(title)s” czeka na akceptację CAS; opublikujemy ją po akceptacji.")
                    % {"title": offer.title},
                )
                return redirect("partners:opportunities", organisation_id=organisation_id)
        else:
            status = 422
    context = portal_context(request, form=form, offer=None)
    return render(request, TEMPLATES + "opportunity_form.html", context, status=status)


@partner_required
def opportunity_edit(request, organisation_id, opportunity_id):
    offer = _offer(request, opportunity_id)
    latest = offer.get_latest_revision_as_object()
    form = OpportunityForm(request.POST or None, initial=OpportunityForm.initial_from(latest))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                directory.submit_opportunity_change(offer, request.user, form.change_data())
            except DomainError as error:
                status = _refusal_status(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Zmiana oferty „%(title)s” czeka na akceptację CAS. Do tego czasu strona publiczna "
                        "pokazuje ostatnią zaakceptowaną wersję."
                    )
                    % {"title": form.cleaned_data["title"]},
                )
                return redirect("partners:opportunities", organisation_id=organisation_id)
        else:
            status = 422
    context = portal_context(
        request,
        form=form,
        offer=offer,
        waiting=_waiting(offer),
        public_url=offer.get_absolute_url() if offer.live else "",
    )
    return render(request, TEMPLATES + "opportunity_form.html", context, status=status)


@partner_required
def opportunity_close(request, organisation_id, opportunity_id):
    """GET asks for confirmation; POST closes the offer at once (no moderation)."""
    offer = _offer(request, opportunity_id)
    if request.method == "POST":
        directory.close_opportunity(offer, request.user)
        messages.success(
            request,
            _("Zamknięto ofertę „%(title)s”: zniknęła ze strony i nie przyjmuje zgłoszeń.")
            % {"title": offer.title},
        )
        return redirect("partners:opportunities", organisation_id=organisation_id)
    return render(request, TEMPLATES + "opportunity_close.html", portal_context(request, offer=offer))


@require_POST
@partner_required
def opportunity_duplicate(request, organisation_id, opportunity_id):
    copy = directory.duplicate_opportunity(_offer(request, opportunity_id), request.user)
    messages.success(
        request,
        _("Zapisaliśmy kopię jako szkic. Popraw ją i wyślij do CAS; do tego czasu nikt jej nie widzi."),
    )
    return redirect("partners:opportunity_edit", organisation_id=organisation_id, opportunity_id=copy.pk)


@partner_required
def changes(request, organisation_id):
    """Every change of the profile and the offers: its state and CAS's comment."""
    context = portal_context(request, changes=directory.change_states(request.organisation))
    return render(request, TEMPLATES + "changes.html", context)


@partner_required(role=Role.MANAGER)
def contact_email(request, organisation_id):
    """The address applications (applicants' data) go to: a manager asks, its owner confirms."""
    form = ContactEmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                change = directory.change_contact_email(
                    request.organisation, request.user, form.cleaned_data["email"]
                )
            except DomainError as error:
                form_error(form, error)
                status = error.status
            else:
                if change is None:
                    messages.success(request, _("To jest obecny adres; nic nie zmieniamy."))
                else:
                    messages.success(
                        request,
                        _(
                            "Wysłaliśmy link na adres %(email)s. Zgłoszenia zaczną tam trafiać, gdy jego "
                            "właściciel go otworzy."
                        )
                        % {"email": change.new_email},
                    )
                return redirect("partners:contact_email", organisation_id=organisation_id)
        else:
            status = 422
    organisation = Organisation.objects.get(pk=request.organisation.pk)
    context = portal_context(
        request,
        form=form,
        current_email=organisation.email,
        pending=directory.pending_contact_email(organisation),
    )
    return render(request, TEMPLATES + "contact_email.html", context, status=status)
