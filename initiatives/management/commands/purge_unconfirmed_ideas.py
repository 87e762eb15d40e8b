"""Alias of ``purge_personal_data`` (kept for existing cron entries): every register is purged."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Alias polecenia purge_personal_data: okresy przechowywania wszystkich rejestrów danych osobowych."

    def handle(self, *args, **options):
        call_command("purge_personal_data", stdout=self.stdout, stderr=self.stderr)
