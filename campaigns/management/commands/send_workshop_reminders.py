"""Cron (e.g. hourly): e-mail confirmed participants 24 h before their session, once each."""

from django.core.management.base import BaseCommand

from campaigns.workshops.services import send_workshop_reminders


class Command(BaseCommand):
    help = "Wysyła przypomnienia o warsztatach na 24 godziny przed terminem (każdemu raz)."

    def handle(self, *args, **options):
        self.stdout.write(f"Przypomnienia: {send_workshop_reminders()}")
