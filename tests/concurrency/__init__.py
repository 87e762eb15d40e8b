"""Races on PostgreSQL with real threads, each on its own connection (pretix's concurrency_tests).

Every test here is marked ``postgres`` and runs in a transactional test database; on any other
database it is skipped (tests/concurrency/conftest.py). A rule that holds only under a lock has a
control race: the same service call with the lock off (``home.locking.without_locks``) breaks it.
"""

import threading

from django.db import close_old_connections, connection


def race(n, fn, *, timeout=60):
    """Run ``fn(i)`` for i in 0..n-1 in ``n`` threads released together by a barrier.

    Returns ``(results, errors)``: ``results[i]`` is what thread i returned (None when it raised),
    ``errors`` the exceptions raised, in the order they happened. Each thread uses its own database
    connection and closes it at the end.
    """
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            close_old_connections()
            barrier.wait(timeout=timeout)
            results[i] = fn(i)
        except Exception as error:  # collected for the test's assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * timeout)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running after {2 * timeout} s: {stuck}"
    return results, errors
