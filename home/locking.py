"""Row locks that serialise writers, and the switch that lets a test turn them off.

Services lock the row a rule is counted under (a workshop session's seats, a campaign's
pack) with ``lock_row(queryset)`` instead of calling ``select_for_update()`` themselves.
The concurrency tests (tests/concurrency/) prove each lock is needed with a control race:
the same service call, with the lock off through ``without_locks()``, must break the rule
(pretix's ``skip_locking``). Nothing outside tests switches locks off.
"""

from contextlib import contextmanager

_locking = True


def lock_row(queryset, **options):
    """``queryset.select_for_update(**options)``, or the plain queryset while locks are off."""
    if not _locking:
        return queryset
    return queryset.select_for_update(**options)


@contextmanager
def without_locks():
    """Tests only: ``lock_row`` locks nothing, in every thread, until the block ends."""
    global _locking
    _locking = False
    try:
        yield
    finally:
        _locking = True
