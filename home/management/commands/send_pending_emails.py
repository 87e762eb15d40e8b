"""Deliver queued e-mails that could not be sent yet — registry, bookings — (cron, every few minutes)."""

from django.core.management.base import BaseCommand
from wagtail import hooks

from home.registry import PENDING_EMAILS_HOOK


class Command(BaseCommand):
    help = "Wysyła zaległe e-maile (np. po awarii serwera pocztowego): rejestr wolontariuszy, zapisy."

    def handle(self, *args, **options):
        sent = waiting = 0
        for deliver in hooks.get_hooks(PENDING_EMAILS_HOOK):
            app_sent, app_waiting = deliver()
            sent += app_sent
            waiting += app_waiting
        self.stdout.write(f"Wysłano: {sent}, nadal w kolejce: {waiting}")
