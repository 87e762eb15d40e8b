"""Template tags of the site layout: navigation, breadcrumbs, language links, forms."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus", in the tree's order."""
    root = _site_root(context.get("request"))
    if root is None:
        return []
    return list(root.get_children().live().public().in_menu().specific())


@register.simple_tag(takes_context=True)
def app_menu(context):
    """Main-menu entries of sections that are app routes (e.g. /wolontariat/)."""
    from home.registry import menu_items

    request = context.get("request")
    items = menu_items(request)
    path = request.path if request else ""
    return [{"label": i.label, "url": i.url, "current": path.startswith(i.url)} for i in items]


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    root = _site_root(context.get("request"))
    if not isinstance(page, Page) or root is None or page.pk == root.pk:
        return []
    return list(page.get_ancestors().filter(depth__gte=root.depth).live().specific())


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page's address in each site language, for the language switcher."""
    request = context.get("request")
    current = translation.get_language()
    path = request.get_full_path() if request else "/"
    links = []
    for code, name in settings.LANGUAGES:
        links.append(
            {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        )
    return links


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and filters)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def describedby(field):
    """The ids a field's help text and errors have, for ``aria-describedby``."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    return " ".join(ids)


@register.filter
def field_kind(field):
    """``"group"`` for radio/checkbox lists (a fieldset), ``"checkbox"``, or ``"input"``."""
    widget = field.field.widget
    if getattr(widget, "allow_multiple_selected", False) and getattr(widget, "input_type", "") == "checkbox":
        return "group"
    if getattr(widget, "input_type", "") == "radio":
        return "group"
    if getattr(widget, "input_type", "") == "checkbox":
        return "checkbox"
    return "input"
