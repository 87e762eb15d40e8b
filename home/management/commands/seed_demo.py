"""Load the Polish demo content of every CAS app, idempotently (safe to run again)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home.registry import app_modules


class Command(BaseCommand):
    help = "Wczytuje polskie treści demonstracyjne wszystkich modułów CAS (bezpiecznie wielokrotnie)."

    def handle(self, *args, **options):
        modules = [(config, module) for config, module in app_modules("seed") if hasattr(module, "seed")]
        for number, (config, module) in enumerate(modules, start=1):
            self.stdout.write(f"[{number}/{len(modules)}] {config.verbose_name}…")
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Treści demonstracyjne są gotowe."))
