"""The volunteer registry: people, consents, self-service, applications and matching.

An app of its own (label ``people``, nested in ``volunteers/``; its tables keep
their ``volunteers_`` names), so the public directory and the registry of personal
data stay apart in the code as they are in the admin roles.

Running it:

- ``manage.py send_pending_emails`` every few minutes (cron): delivers e-mails that
  could not be sent yet — the database worker also retries them with back-off;
- ``manage.py purge_personal_data`` daily: deletes sign-ups unconfirmed for 7 days and
  erases volunteers inactive for ``CAS_VOLUNTEER_INACTIVE_MONTHS`` (default 24);
  ``--dry-run`` only counts;
- after restoring a backup: ``manage.py purge_personal_data --reapply-erasures``.
"""
