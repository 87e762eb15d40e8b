"""Settings of bench/timing.py: the test settings, but jobs are enqueued in the database as in
production (the request pays for the enqueue, not for sending the e-mail)."""

from cas_site.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
