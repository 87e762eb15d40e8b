"""Reference numbers (CAS-2026-0001, …) stay unique when many requests take one at once."""

from home.services import next_reference
from tests.concurrency import race


def test_references_stay_unique_under_concurrent_requests():
    workers = 20
    references, errors = race(workers, lambda _i: next_reference())
    assert errors == []
    assert len(set(references)) == workers
