"""Website routes that are not pages: search, the accessibility statement, sitemap, robots.txt, errors."""

from functools import wraps

from django.contrib.sitemaps import Sitemap as StaticSitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page, Site

from home.models import CentreSettings
from home.registry import extra_sitemaps, search_results
from home.services import search_words

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def emailed_link_page(view):
    """A page opened from an e-mailed link (confirmations, guardian consent, cancellation,
    self-service): its address carries the token, so it is never stored by any cache and the
    token never leaves the site in a Referer header.

    ``same-origin``, not ``no-referrer``: with no-referrer browsers send ``Origin: null`` with
    the page's own confirm button, and Django's CSRF check refuses that POST. GET only shows
    what the link will do; the action is the POST (mail scanners prefetch links).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(wrapper)


def paginate(request, items, per_page):
    """The requested page of ``items``; out-of-range or garbage numbers fall back sensibly."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("strona", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def render_page(request, page, context, *args, status=200, **kwargs):
    """A page's own template with its context plus ``context``: how the views registered under
    ``home.registry.PAGE_VIEWS_HOOK`` answer (Wagtail's ``Page.serve`` does the same without extras)."""
    full = page.get_context(request, *args, **kwargs)
    full.update(context)
    return TemplateResponse(request, page.get_template(request, *args, **kwargs), full, status=status)


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = []
    words = search_words(query)
    if words:
        pages = Page.objects.live().public().specific().search(words)
        results = [
            {"title": p.title, "url": p.url, "summary": getattr(p, "intro", "") or p.search_description}
            for p in pages
        ]
        results += [vars(r) for r in search_results(request, words)]
    return render(
        request,
        "home/search.html",
        {"query": query, "results": paginate(request, results, SEARCH_PAGE_SIZE), "total": len(results)},
    )


def accessibility_statement(request):
    """The deklaracja dostępności, generated from the centre settings so its dates stay current."""
    site = Site.find_for_request(request)
    centre = CentreSettings.for_site(site) if site else CentreSettings()
    return render(request, "home/accessibility_statement.html", {"centre": centre})


class StatementSitemap(StaticSitemap):
    def items(self):
        return ["accessibility_statement"]

    def location(self, name):
        return reverse(name)


@cache_control(public=True, max_age=3600)
def sitemap(request):
    sitemaps = {"pages": Sitemap, "statement": StatementSitemap(), **extra_sitemaps()}
    return sitemap_views.sitemap(request, sitemaps=sitemaps)


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /wolontariat/moje-dane/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    from cas_site.routes import is_api

    if is_api(request):
        from django.utils.translation import gettext as _
        from wagtail.api.v3.errors import problem_response

        return problem_response(status=404, detail=_("Nie znaleziono."))
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """Django's 400 (e.g. too many or too large form fields), in Polish; a problem on the API."""
    from django.utils.translation import gettext as _

    from cas_site.routes import is_api

    if is_api(request):
        from wagtail.api.v3.errors import problem_response

        return problem_response(status=400, detail=_("Żądanie jest nieprawidłowe."))
    return HttpResponse(render_to_string("400.html"), status=400)


def server_error(request):
    # No context processors or database: the error may come from them.
    import sys

    from cas_site.middleware import DATABASE_UNAVAILABLE, database_unavailable_response

    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):  # raised in a middleware, not a view
        return database_unavailable_response(request)
    return HttpResponse(render_to_string("500.html"), status=500)
