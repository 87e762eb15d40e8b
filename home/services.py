"""Shared rules: human-readable references that stay unique under concurrency."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from home.models import ReferenceCounter


def next_reference(series: str = "CAS") -> str:
    """Hand out the next ``CAS-YYYY-NNNN`` reference.

    The counter row is created if missing (a conflict-ignoring insert) and then
    incremented with a single ``UPDATE … SET last = last + 1``, which holds the
    row lock until the caller's transaction ends: two requests can never get the
    same number, on PostgreSQL or SQLite.
    """
    year = timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(series=series, year=year, last=0)], ignore_conflicts=True
        )
        counter = ReferenceCounter.objects.filter(series=series, year=year)
        counter.update(last=F("last") + 1)
        number = counter.values_list("last", flat=True).get()
    return f"{series}-{year}-{number:04d}"


def search_words(query: str) -> str:
    """The words of a search query, without punctuation that full-text engines read as syntax.

    SQLite's FTS5 fails on an unbalanced quote, so what people type is reduced to
    plain words (operators such as AND/OR/NEAR in lower case lose their meaning).
    """
    import re

    return " ".join(word.lower() for word in re.findall(r"\w+", query or ""))
