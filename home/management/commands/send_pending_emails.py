"""Deliver queued e-mails that could not be sent yet, of every kind (cron, every few minutes)."""

from django.core.management.base import BaseCommand

from home import outbox


class Command(BaseCommand):
    help = "Wysyła zaległe e-maile (np. po awarii serwera pocztowego)."

    def handle(self, *args, **options):
        sent, waiting = outbox.send_pending()
        self.stdout.write(f"Wysłano: {sent}, nadal w kolejce: {waiting}")
