"""Deliver queued registry e-mails that could not be sent yet (run every few minutes by cron)."""

from django.core.management.base import BaseCommand

from volunteers.people.emails import send_pending_emails
from volunteers.people.models import OutboxEmail


class Command(BaseCommand):
    help = "Wysyła zaległe e-maile rejestru wolontariuszy (np. po awarii serwera pocztowego)."

    def handle(self, *args, **options):
        sent = send_pending_emails()
        waiting = OutboxEmail.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Wysłano: {sent}, nadal w kolejce: {waiting}")
