"""Enqueue background tasks only once the surrounding transaction has committed.

A stored registration must never depend on the mail server: the row is written
first, and the task (taking primary keys only) runs after commit and is retried.
"""

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs):
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
