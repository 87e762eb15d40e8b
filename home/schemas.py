"""Small pieces shared by every app's API: vocabulary items, caching, dates."""

import datetime
from functools import wraps
from typing import Annotated

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from ninja import Schema
from ninja.decorators import decorate_view
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

PUBLIC_MAX_AGE = 60


class VocabularyItem(Schema):
    slug: str
    name: str


def cacheable(max_age: int = PUBLIC_MAX_AGE, *, shared: bool = True):
    """Mark a public, anonymous read as cacheable by browsers and the CDN (its 200 answers).

    ``shared=False`` keeps it out of the server's response cache, which is emptied only
    by content changes: for answers that change without one (download counters).
    """

    def public(run):
        @wraps(run)
        def wrapper(request, *args, **kwargs):
            response = run(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age)
                patch_vary_headers(response, ["Accept-Language"])
            if not shared:
                response.cas_shared_cache = False  # read by ``response_cache.storable``
            return response

        return wrapper

    return decorate_view(public)


#: Responses carrying personal data (answers and refusals alike) are never stored by a cache.
no_store = decorate_view(never_cache)


def _iso_date(value):
    """Dates in query strings and bodies are ISO 8601 text within sensible years.

    pydantic would otherwise read ``0`` as 1970-01-01 (a Unix timestamp) and accept year 45,
    which PostgreSQL time-zone arithmetic then fails on.
    """
    import datetime

    from django.utils.translation import gettext as _

    if isinstance(value, datetime.date):
        parsed = value
    else:
        try:
            parsed = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(_("Podaj poprawną datę w formacie RRRR-MM-DD.")) from None
    if not 2000 <= parsed.year <= 2100:
        raise ValueError(_("Podaj datę między rokiem 2000 a 2100."))
    return parsed


#: A calendar date for API filters and bodies: ``YYYY-MM-DD``, years 2000–2100.
ApiDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


def _iso_datetime(value):
    """A moment as ISO 8601 text (``2026-05-04T18:00+02:00``) within years 2000–2100; without an
    offset it is read in the centre's time zone (Europe/Warsaw). Numbers are not timestamps."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        try:
            parsed = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError(_("Podaj poprawną datę i godzinę, np. 2026-05-04T18:00+02:00.")) from None
    if not 2000 <= parsed.year <= 2100:
        raise ValueError(_("Podaj datę między rokiem 2000 a 2100."))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


#: A moment for API filters and bodies: ISO 8601 date and time (offset optional: Europe/Warsaw).
ApiDateTime = Annotated[datetime.datetime, BeforeValidator(_iso_datetime)]


class ImageOut(Schema):
    """An image rendition as lists and cards show it."""

    url: str
    width: int
    height: int
    alt: str


#: Page sizes of every list: ``limit`` items from ``offset`` (the input guard caps ``offset``).
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


#: The two fields of paging, for filter schemas that carry them (their documented order stays).
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0)]


# ``limit`` and ``offset`` of a list, as ``Query[Paging]`` after the list's own filters
# (a comment, not a docstring: the OpenAPI document would show it).
class Paging(Schema):
    limit: Limit = DEFAULT_LIMIT
    offset: Offset = 0


def page_of(queryset, paging: Paging, item=None) -> dict:
    """The ``{"count", "items"}`` envelope of one page (two queries plus the items' prefetches);
    ``item`` turns each row into its API shape."""
    rows = list(queryset[paging.offset : paging.offset + paging.limit])
    return {"count": queryset.count(), "items": [item(row) for row in rows] if item else rows}


def _email_checker(message):
    def check(value: str) -> str:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        value = value.strip()
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(str(message)) from None
        return value

    return check


def _optional(check):
    return lambda value: check(value) if value.strip() else ""


_check_email = _email_checker(_lazy("Podaj poprawny adres e-mail."))
#: An e-mail address in a request body: stripped, checked, at most 254 characters.
Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]
#: The same, where empty text means "none" (``""``).
OptionalEmail = Annotated[str, Field(max_length=254), AfterValidator(_optional(_check_email))]

_check_email_with_example = _email_checker(_lazy("Podaj poprawny adres e-mail, np. ola@example.org."))
#: The volunteer registry's wording, which shows an example address.
ExampleEmail = Annotated[str, Field(max_length=254), AfterValidator(_check_email_with_example)]
OptionalExampleEmail = Annotated[
    str, Field(max_length=254), AfterValidator(_optional(_check_email_with_example))
]


class StatusOut(Schema):
    status: str


class TokenIn(Schema):
    """A link token posted back from an e-mail (confirmations, cancellations)."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)
