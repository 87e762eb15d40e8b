"""Enqueue background tasks only once the surrounding transaction has committed.

A stored registration must never depend on the mail server: the row is written
first, and the task (taking primary keys only) runs after commit and is retried.
"""

from datetime import timedelta

from django.db import transaction

#: Longest wait between two delivery attempts of one e-mail.
MAX_BACKOFF = timedelta(hours=1)


def enqueue_on_commit(task, *args, **kwargs):
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off for a failed delivery: 1, 2, 4 ... minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)
