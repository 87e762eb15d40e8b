"""Who may see what in the partner portal: the one place every portal page and partner API
operation asks.

- ``portal_enabled()`` / ``portal_route``: every portal route answers 404 while
  ``CAS_PARTNERS_PUBLIC`` is off, and none is ever stored by a cache (``cas_site.routes.private_route``).
- ``membership_for(request_or_user, organisation_id, role=None)``: the person's active membership
  of that organisation, else **404** (never 403: an organisation's id must not reveal that it
  takes part); a member without the ``role`` asked for gets ``PermissionDenied`` (403), since the
  organisation is theirs to know.
- ``partner_required(role=None, verified_otp=True)``: the decorator of every portal page. Anonymous
  visitors (and staff accounts) go to the portal's login; a partner who has not passed the second
  factor in this session goes to its enrolment or its verification first. Views whose URL has an
  ``organisation_id`` get ``request.membership`` (and ``request.organisation``), checked as above.

The rule of the second factor: anyone who sees an organisation's data (applicants' among it)
has passed TOTP in this session, so ``verified_otp=True`` is the default and only the pages of
the second factor itself and of logging out go without it.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from cas_site.errors import RateLimited
from cas_site.public_writes import refused
from cas_site.ratelimit import check_rate_limit
from cas_site.routes import private_route
from volunteers.partners import services
from volunteers.partners.choices import Role
from volunteers.partners.models import Membership

#: The URL keyword argument that names the organisation of a portal page.
ORGANISATION_KWARG = "organisation_id"


def portal_enabled() -> bool:
    return bool(settings.CAS_PARTNERS_PUBLIC)


def portal_route(view):
    """The route policy of every portal URL (``volunteers/partners/urls.py`` puts it on all):
    404 while the portal is off, never stored by any cache."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not portal_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return private_route(guarded)


def _user(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def active_memberships(request_or_user):
    """The person's active memberships, organisations loaded (the dashboard's chooser)."""
    user = _user(request_or_user)
    if not services.is_partner_account(user):
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def membership_for(request_or_user, organisation_id, role=None) -> Membership:
    """The person's active membership of ``organisation_id``: ``Http404`` when there is none (or
    the id is not a number), ``PermissionDenied`` when it lacks ``role``."""
    try:
        organisation_id = int(organisation_id)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = active_memberships(request_or_user).filter(organisation_id=organisation_id).first()
    if membership is None:
        raise Http404
    if not Role.at_least(membership.role, role):
        raise PermissionDenied
    return membership


def is_verified(request) -> bool:
    """Has this session passed the second factor (django-otp's ``OTPMiddleware``)?"""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def _to(name, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


#: One allowance per member for every write on behalf of an organisation, in the portal and the
#: partner API alike (answering applications, comments and proposals e-mail people).
WRITE_SCOPE = "partner-api-writes"


def count_write(request, membership) -> None:
    """Count one write of this member (``RateLimited`` past ``CAS_PARTNER_API_WRITE_RATE``)."""
    check_rate_limit(request, WRITE_SCOPE, settings.CAS_PARTNER_API_WRITE_RATE, key=f"member-{membership.pk}")


def partner_required(view=None, *, role=None, verified_otp=True):
    """Decorate a portal view (see the module's docstring). Use bare or with arguments::

    @partner_required
    def dashboard(request, organisation_id): ...

    @partner_required(role=Role.MANAGER)
    def invite(request, organisation_id): ...
    """

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not services.is_partner_account(request.user):
                return _to("partners:login", request)
            if verified_otp and not is_verified(request):
                if services.confirmed_device(request.user) is None:
                    return _to("partners:totp_enrol", request)
                return _to("partners:totp_verify", request)
            if ORGANISATION_KWARG in kwargs:
                try:
                    request.membership = membership_for(request, kwargs[ORGANISATION_KWARG], role)
                except PermissionDenied:
                    return render(request, "volunteers/partners/forbidden.html", status=403)
                request.organisation = request.membership.organisation
                if request.method == "POST":
                    try:
                        count_write(request, request.membership)
                    except RateLimited as error:
                        response = render(
                            request, "volunteers/partners/rate_limited.html", {"message": error.message}
                        )
                        return refused(response, error)
            return view(request, *args, **kwargs)

        checked.partner_required = {"role": role, "verified_otp": verified_otp}
        return checked

    return decorate(view) if view is not None else decorate
