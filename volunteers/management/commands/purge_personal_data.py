"""Retention of the volunteer registry (run daily by cron): see ``services.purge_personal_data``."""

from django.core.management.base import BaseCommand

from volunteers.people import services
from volunteers.people.services import inactive_months, purge_personal_data


class Command(BaseCommand):
    help = (
        "Usuwa zapisy niepotwierdzone po 7 dniach i anonimizuje wolontariuszy nieaktywnych dłużej niż "
        "CAS_VOLUNTEER_INACTIVE_MONTHS miesięcy (domyślnie 24)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Tylko policz, niczego nie zmieniaj.")
        parser.add_argument("--months", type=int, default=None, help="Okres nieaktywności w miesiącach.")
        parser.add_argument(
            "--reapply-erasures",
            action="store_true",
            help="Po odtworzeniu kopii zapasowej: usuń ponownie osoby z rejestru usunięć.",
        )

    def handle(self, *args, dry_run=False, months=None, reapply_erasures=False, **options):
        prefix = "[próba] " if dry_run else ""
        if reapply_erasures:
            count = services.reapply_erasures(dry_run=dry_run)
            self.stdout.write(f"{prefix}Ponownie usunięte po odtworzeniu kopii: {count}")
        months = inactive_months() if months is None else months
        report = purge_personal_data(dry_run=dry_run, months=months)
        verb = "do usunięcia" if dry_run else "usunięte"
        self.stdout.write(f"{prefix}Niepotwierdzone zapisy {verb}: {report.unconfirmed_deleted}")
        verb = "do anonimizacji" if dry_run else "zanonimizowani"
        self.stdout.write(f"{prefix}Nieaktywni od {months} mies. {verb}: {report.inactive_anonymised}")
