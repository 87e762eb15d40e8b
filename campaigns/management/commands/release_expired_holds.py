"""Cron (e.g. every 15 minutes): release seats held 48 h for minors without a guardian's consent."""

from django.core.management.base import BaseCommand

from campaigns.workshops.services import release_expired_holds


class Command(BaseCommand):
    help = "Zwalnia miejsca czekające ponad 48 godzin na zgodę opiekuna i awansuje listę rezerwową."

    def handle(self, *args, **options):
        self.stdout.write(f"Zwolnione miejsca: {release_expired_holds()}")
