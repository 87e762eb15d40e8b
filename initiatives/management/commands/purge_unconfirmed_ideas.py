"""Delete idea submissions whose guardian never confirmed (run daily from cron)."""

from django.core.management.base import BaseCommand

from initiatives.services import UNCONFIRMED_RETENTION, purge_unconfirmed_submissions


class Command(BaseCommand):
    help = "Usuwa zgłoszenia pomysłów, których opiekun prawny nie potwierdził w wyznaczonym czasie."

    def handle(self, *args, **options):
        count = purge_unconfirmed_submissions()
        self.stdout.write(
            f"Usunięto niepotwierdzone zgłoszenia: {count} (starsze niż {UNCONFIRMED_RETENTION.days} dni)."
        )
