"""Where other apps plug into the organisation pages (campaigns and stories list themselves here)."""

from wagtail import hooks

#: ``fn(request, organisation) -> list[home.registry.SearchResult]``: content an organisation took part
#: in (campaigns, success stories...), listed on its page under "Współpraca z CAS".
ORGANISATION_RELATED_HOOK = "cas_organisation_related"


def organisation_related(request, organisation):
    items = []
    for fn in hooks.get_hooks(ORGANISATION_RELATED_HOOK):
        items.extend(fn(request, organisation))
    return items
