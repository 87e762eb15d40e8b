"""Website routes of the volunteering directory (/wolontariat/...): not pages, read-only except
the page of the link that confirms an organisation's new address for applications."""

from django.http import Http404
from django.shortcuts import render

from cas_site.errors import RateLimited, TokenGone
from cas_site.public_writes import public_write, refused
from home.views import emailed_link_page, paginate
from volunteers import services
from volunteers.forms import OpportunityFilterForm, OrganisationFilterForm
from volunteers.models import join_path
from volunteers.registry import organisation_related

PAGE_SIZE = 20
LANDING_OPPORTUNITIES = 3


def landing(request):
    return render(
        request,
        "volunteers/landing.html",
        {
            "figures": services.directory_figures(),
            "opportunities": services.open_opportunities()[:LANDING_OPPORTUNITIES],
            "join_url": join_path(),
        },
    )


def _listing(form, queryset, filter_fn):
    """Apply a valid filter form through the service; an invalid one shows its errors and no results."""
    if form.is_valid():
        try:
            return filter_fn(queryset, **form.service_filters())
        except services.UnknownFilterValue as error:
            form.add_error(None, error.message)
    return queryset.none()


def organisation_list(request):
    form = OrganisationFilterForm(request.GET)
    queryset = _listing(form, services.public_organisations(), services.filter_organisations)
    return render(
        request,
        "volunteers/organisation_list.html",
        {"form": form, "page_obj": paginate(request, queryset, PAGE_SIZE)},
    )


def organisation_detail(request, slug):
    organisation = services.public_organisations().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return render(
        request,
        "volunteers/organisation_detail.html",
        {
            "organisation": organisation,
            "opportunities": services.open_opportunities().filter(organisation=organisation),
            "related": organisation_related(request, organisation),
        },
    )


def opportunity_list(request):
    form = OpportunityFilterForm(request.GET)
    queryset = _listing(form, services.open_opportunities(), services.filter_opportunities)
    return render(
        request,
        "volunteers/opportunity_list.html",
        {"form": form, "page_obj": paginate(request, queryset, PAGE_SIZE)},
    )


def opportunity_detail(request, pk):
    opportunity = services.open_opportunities().filter(pk=pk).first()
    if opportunity is None:
        raise Http404
    return render(request, "volunteers/opportunity_detail.html", {"opportunity": opportunity})


@emailed_link_page
def confirm_contact_email(request):
    """The owner of an organisation's new address for applications confirms it (GET shows what the
    button will do; mail scanners that open links change nothing)."""
    token = request.POST.get("token") or request.GET.get("token", "")
    try:
        if request.method == "POST":
            public_write("organisation-contact-confirm").admit(request)
            organisation = services.confirm_contact_email(token)
            return render(request, "volunteers/contact_email_confirmed.html", {"organisation": organisation})
        change = services.contact_change_of(token)
    except RateLimited as error:
        response = render(request, "volunteers/people/rate_limited.html", {"message": error.message})
        return refused(response, error)
    except TokenGone as error:
        return render(request, "volunteers/link_gone.html", {"message": error.message}, status=410)
    return render(
        request,
        "volunteers/contact_email_confirm.html",
        {"token": token, "organisation": change.organisation, "email": change.new_email},
    )
