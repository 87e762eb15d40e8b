"""Where other apps plug into the directory: organisation pages (campaigns and stories list
themselves there) and the figures of /wolontariat/ (the volunteer registry counts its people)."""

from wagtail import hooks

#: ``fn(request, organisation) -> list[home.registry.SearchResult]``: content an organisation took part
#: in (campaigns, success stories...), listed on its page under "Współpraca z CAS".
ORGANISATION_RELATED_HOOK = "cas_organisation_related"
#: ``fn() -> int``: how many active volunteers a registry holds (the landing page's figure).
REGISTERED_VOLUNTEERS_HOOK = "cas_registered_volunteers"


def organisation_related(request, organisation):
    items = []
    for fn in hooks.get_hooks(ORGANISATION_RELATED_HOOK):
        items.extend(fn(request, organisation))
    return items


def registered_volunteers():
    """Active volunteers in every registry; 0, not an invented number, when no registry is installed."""
    return sum(fn() for fn in hooks.get_hooks(REGISTERED_VOLUNTEERS_HOOK))
