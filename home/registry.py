"""How the CAS content modules plug into the site.

Each app listed in ``settings.CAS_APPS`` may provide, by convention:

- ``<app>.api.router`` — a django-ninja ``Router`` whose paths carry their resource
  names (``"campaigns/"``); ``cas_site.api`` mounts each one on Wagtail's v3 API;
- ``<app>.seed.seed(out)`` — its demo content, run by ``manage.py seed_demo`` in
  the order of ``CAS_APPS``;
- Wagtail hooks registered in its ``wagtail_hooks.py`` under the names below.

Adding a content module therefore means writing the app and adding it to
``CAS_APPS``; nothing in the other apps changes.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from wagtail import hooks

#: ``fn(request) -> HomeSection | None``: a section of the home page (empty → None).
HOME_SECTIONS_HOOK = "cas_home_sections"
#: ``fn(request, query) -> list[SearchResult]``: non-page results for /szukaj/.
SEARCH_PROVIDERS_HOOK = "cas_search_providers"
#: ``fn() -> dict[str, django.contrib.sitemaps.Sitemap]``: extra sitemap sections.
SITEMAPS_HOOK = "cas_sitemaps"
#: ``fn(request) -> MenuItem | None``: a main-menu entry for a section that is not a page.
MENU_ITEMS_HOOK = "cas_menu_items"
#: ``fn(*, now, dry_run, **options) -> list[home.privacy.Purged]``: apply an app's retention
#: periods to its registers of personal data (``purge_personal_data``, nightly).
RETENTION_HOOK = "cas_retention"
#: ``fn(email) -> dict[str, int]``: erase (or anonymise) everything an app holds under this
#: e-mail address; counts per register (``home.privacy.erase_person``).
ERASURE_HOOK = "cas_erase_person"
#: ``fn() -> dict[type[Page], view]``: the views that serve page types whose pages need more
#: than their model (filter forms, a form to post, services): ``view(request, page, *args,
#: **kwargs) -> HttpResponse``. ``home.models.BasePage.serve`` hands off to them, so a page
#: model never imports views, forms or services (README, "Layout": one pattern for a page
#: that handles a form).
PAGE_VIEWS_HOOK = "cas_page_views"


@dataclass
class HomeSection:
    """One block of the home page, rendered with its own template."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class MenuItem:
    """A main-menu entry for a website section served by app routes, not by a page."""

    label: str
    url: str
    order: int = 100


@dataclass
class SearchResult:
    """A search hit that is not a Wagtail page (e.g. an organisation snippet)."""

    title: str
    url: str
    summary: str = ""
    kind: str = ""


def cas_app_configs():
    """The app configs of ``settings.CAS_APPS``, in its order (nested apps such as
    ``campaigns.workshops`` are listed by module name; their labels are their own)."""
    by_name = {config.name: config for config in apps.get_app_configs()}
    return [by_name[name] for name in settings.CAS_APPS]


def app_modules(module_name):
    """Yield ``(app_config, module)`` for every CAS app that has ``<app>.<module_name>``."""
    for config in cas_app_configs():
        dotted = f"{config.name}.{module_name}"
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        yield config, module


def home_sections(request):
    sections = [fn(request) for fn in hooks.get_hooks(HOME_SECTIONS_HOOK)]
    return sorted((s for s in sections if s), key=lambda s: s.order)


def search_results(request, query):
    results = []
    for fn in hooks.get_hooks(SEARCH_PROVIDERS_HOOK):
        results.extend(fn(request, query))
    return results


def extra_sitemaps():
    sitemaps = {}
    for fn in hooks.get_hooks(SITEMAPS_HOOK):
        sitemaps.update(fn())
    return sitemaps


def menu_items(request):
    items = [fn(request) for fn in hooks.get_hooks(MENU_ITEMS_HOOK)]
    return sorted((i for i in items if i), key=lambda i: i.order)


def page_view(page):
    """The view registered under ``PAGE_VIEWS_HOOK`` for ``page``'s type (or a base type), or None."""
    views = {}
    for fn in hooks.get_hooks(PAGE_VIEWS_HOOK):
        views.update(fn())
    return next((views[cls] for cls in type(page).__mro__ if cls in views), None)
