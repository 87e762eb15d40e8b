"""Small pieces shared by every app's API: vocabulary items, caching and list pagination."""

from functools import wraps

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Schema

PUBLIC_MAX_AGE = 60


class VocabularyItem(Schema):
    slug: str
    name: str


def cacheable(max_age: int = PUBLIC_MAX_AGE):
    """Mark a public, anonymous read as cacheable by browsers and the CDN."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            result = view(request, *args, **kwargs)
            if isinstance(result, HttpResponse):
                patch_cache_control(result, public=True, max_age=max_age)
            else:
                request.cas_cache_max_age = max_age
            return result

        return wrapper

    return decorator


def no_store(view):
    """Responses carrying personal data must never be stored by a cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.cas_no_store = True
        return view(request, *args, **kwargs)

    return wrapper
