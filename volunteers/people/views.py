"""Website routes of the volunteer registry: sign-up, confirmations and self-service (/wolontariat/...).

Links from e-mails only ever show a button on GET; the action happens on POST.
The self-service link is exchanged once for a short session-bound access, so
the token does not stay in the address bar or the browser history.
"""

import json
import time

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cas_site.errors import DomainError, RateLimited, TokenGone
from cas_site.public_writes import form_error, public_write, refused
from home.views import emailed_link_page
from volunteers.people import services, tokens
from volunteers.people.choices import ConsentPurpose, VolunteerStatus
from volunteers.people.forms import AccessLinkForm, ApplicationForm, ProfileForm, RegistrationForm
from volunteers.people.matching import match_opportunities
from volunteers.people.models import Application, Consent, Volunteer

SESSION_KEY = "cas_volunteer"
#: How long a self-service session lasts after the e-mailed link was opened.
SESSION_SECONDS = int(tokens.SELF_SERVICE_SESSION.total_seconds())
MATCHES_SHOWN = 10


def start_session(request, token):
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "id": token.object_id,
        "token": token.pk,
        "until": int(time.time()) + SESSION_SECONDS,
    }


def session_volunteer(request):
    """The volunteer of this browser's session, while it is the person's live session."""
    data = request.session.get(SESSION_KEY)
    if not data or data.get("until", 0) < time.time():
        return None
    if not tokens.session_is_live(data.get("token"), data.get("id")):
        return None  # a newer link was used since (or a session from before sessions were tracked)
    return Volunteer.objects.filter(pk=data.get("id")).select_related("district").first()


def end_session(request):
    request.session.pop(SESSION_KEY, None)


def token_gone(request, error):
    return render(request, "volunteers/people/token_gone.html", {"message": error.message}, status=410)


def rate_limited(request, error):
    response = render(request, "volunteers/people/rate_limited.html", {"message": error.message})
    return refused(response, error)


# --- Sign-up and confirmations --------------------------------------------------------------------


@never_cache
def join(request):
    opportunity_id = services.valid_id(request.GET.get("oferta") or request.POST.get("opportunity"))
    opportunity = None
    if opportunity_id:
        from volunteers.services import open_opportunities

        opportunity = open_opportunities().filter(pk=opportunity_id).first()
    if request.method == "GET" and opportunity is not None and session_volunteer(request) is not None:
        # Already signed in to self-service: "Aplikuj" goes straight to the application form.
        return redirect("people:my_data_apply", pk=opportunity.pk)
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                if public_write("volunteer-register").admit(request, form.cleaned_data):
                    services.register_volunteer(form.registration())
                return redirect("people:join_sent")
            except RateLimited as error:
                return rate_limited(request, error)
            except DomainError as error:
                form_error(form, error)
    else:
        form = RegistrationForm(initial={"opportunity": opportunity.pk if opportunity else None})
    return render(request, "volunteers/people/join.html", {"form": form, "opportunity": opportunity})


def join_sent(request):
    return render(request, "volunteers/people/join_sent.html")


@emailed_link_page
def confirm(request):
    token = request.POST.get("token") or request.GET.get("token", "")
    if request.method == "POST":
        try:
            public_write("volunteer-confirm").admit(request)
            volunteer = services.confirm_email(token)
        except RateLimited as error:
            return rate_limited(request, error)
        except TokenGone as error:
            return token_gone(request, error)
        if volunteer.status == VolunteerStatus.ACTIVE:
            start_session(request, services.open_self_service_after_confirmation(volunteer))
            messages.success(
                request, _("Dziękujemy! Twój adres jest potwierdzony, jesteś w bazie wolontariuszy.")
            )
            return redirect("people:my_data")
        return render(request, "volunteers/people/confirmed_minor.html", {"volunteer": volunteer})
    return render(request, "volunteers/people/confirm.html", {"token": token})


@emailed_link_page
def guardian_confirm(request):
    token = request.POST.get("token") or request.GET.get("token", "")
    try:
        if request.method == "POST":
            public_write("volunteer-confirm").admit(request)
            volunteer = services.confirm_guardian(token)
            return render(request, "volunteers/people/guardian_done.html", {"volunteer": volunteer})
        volunteer, text = services.guardian_text(token)
    except RateLimited as error:
        return rate_limited(request, error)
    except TokenGone as error:
        return token_gone(request, error)
    return render(
        request,
        "volunteers/people/guardian_confirm.html",
        {
            "token": token,
            "first_name": volunteer.first_name,
            "birth_year": volunteer.birth_year,
            "text": text,
        },
    )


# --- Self-service ---------------------------------------------------------------------------------


@emailed_link_page
def my_data(request):
    if request.method == "POST" and request.POST.get("action") == "open":
        try:
            token = services.open_self_service(request.POST.get("token", ""))
        except TokenGone as error:
            return token_gone(request, error)
        start_session(request, token)
        return redirect("people:my_data")
    if request.method == "POST":
        form = AccessLinkForm(request.POST)
        if form.is_valid():
            try:
                admitted = public_write("volunteer-access-link").admit(request, form.cleaned_data)
            except RateLimited as error:
                return rate_limited(request, error)
            if admitted:
                services.request_access_link(form.cleaned_data["email"])
            return render(request, "volunteers/people/access_link_sent.html")
        return render(request, "volunteers/people/access_link.html", {"form": form})
    token = request.GET.get("token")
    if token:
        return render(request, "volunteers/people/open_self_service.html", {"token": token})
    volunteer = session_volunteer(request)
    if volunteer is None:
        return render(request, "volunteers/people/access_link.html", {"form": AccessLinkForm()})
    return render(request, "volunteers/people/my_data.html", dashboard_context(volunteer))


def dashboard_context(volunteer):
    preferred = volunteer.preferred_opportunity
    applied = set(Application.objects.filter(volunteer=volunteer).values_list("opportunity_id", flat=True))
    if preferred is not None:
        from volunteers.services import open_opportunities

        preferred = open_opportunities().filter(pk=preferred.pk).exclude(pk__in=applied).first()
    return {
        "volunteer": volunteer,
        "skills": volunteer.skills.all(),
        "areas": volunteer.areas.all(),
        "consents": Consent.objects.filter(volunteer=volunteer).select_related("text"),
        "applications": Application.objects.filter(volunteer=volunteer).select_related(
            "opportunity__organisation"
        ),
        "matches": match_opportunities(volunteer, limit=MATCHES_SHOWN),
        "preferred": preferred,
        "withdrawable": [ConsentPurpose.NEWSLETTER],
        "can_apply": volunteer.status == VolunteerStatus.ACTIVE,
    }


def self_service_required(view):
    def wrapper(request, *args, **kwargs):
        volunteer = session_volunteer(request)
        if volunteer is None:
            messages.info(request, _("Twoja sesja wygasła. Poproś o nowy link do swoich danych."))
            return redirect("people:my_data")
        return view(request, volunteer, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return never_cache(wrapper)


@self_service_required
def my_data_edit(request, volunteer):
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                public_write("volunteer-self-service").admit(request)
                services.update_volunteer(volunteer, form.service_changes())
                messages.success(request, _("Zapisaliśmy zmiany."))
                return redirect("people:my_data")
            except RateLimited as error:
                return rate_limited(request, error)
            except DomainError as error:
                form_error(form, error)
    else:
        form = ProfileForm(
            initial={
                "first_name": volunteer.first_name,
                "phone": volunteer.phone,
                "district": volunteer.district.slug if volunteer.district else None,
                "skills": [s.slug for s in volunteer.skills.all()],
                "areas": [a.slug for a in volunteer.areas.all()],
                "availability": volunteer.availability,
                "about": volunteer.about,
            }
        )
    return render(request, "volunteers/people/my_data_edit.html", {"form": form, "volunteer": volunteer})


@self_service_required
def my_data_export(request, volunteer):
    data = services.export_volunteer(volunteer)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="moje-dane-cas.json"'
    return response


@require_POST
@self_service_required
def my_data_withdraw_consent(request, volunteer, purpose):
    try:
        services.withdraw_consent(volunteer, purpose)
        messages.success(request, _("Zgoda została wycofana."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("people:my_data")


@self_service_required
def my_data_delete(request, volunteer):
    if request.method == "POST":
        services.erase_volunteer(volunteer)
        end_session(request)
        return render(request, "volunteers/people/deleted.html")
    return render(request, "volunteers/people/my_data_delete.html", {"volunteer": volunteer})


@self_service_required
def my_data_apply(request, volunteer, pk):
    try:
        opportunity = services.open_opportunity(pk)
    except DomainError as error:
        raise Http404 from error
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                public_write("volunteer-applications").admit(request)
                services.apply_to_opportunity(volunteer, opportunity.pk, form.cleaned_data["message"])
                messages.success(
                    request,
                    _("Wysłaliśmy Twoje zgłoszenie do: %(organisation)s.")
                    % {"organisation": opportunity.organisation.name},
                )
                return redirect("people:my_data")
            except RateLimited as error:
                return rate_limited(request, error)
            except DomainError as error:
                form_error(form, error)
    else:
        form = ApplicationForm()
    return render(
        request,
        "volunteers/people/apply.html",
        {"form": form, "opportunity": opportunity, "volunteer": volunteer},
    )


@require_POST
@self_service_required
def my_data_withdraw_application(request, volunteer, pk):
    try:
        services.withdraw_application(volunteer, pk)
        messages.success(request, _("Zgłoszenie zostało wycofane."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("people:my_data")


@require_POST
def my_data_logout(request):
    end_session(request)
    messages.info(request, _("Wylogowano z Twoich danych."))
    return redirect(reverse("volunteers:landing"))
