"""Template helpers of the initiatives app."""

from django import template

from initiatives.services import card_image

register = template.Library()


@register.filter
def card_photo(story):
    """The story's first photo that may be published (or None)."""
    return card_image(story)
