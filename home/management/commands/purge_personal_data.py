"""The one nightly retention command: every register of personal data, by its retention period.

Each app's rules come through ``home.registry.RETENTION_HOOK`` (see ``home/privacy.py``);
periods are the ``CAS_RETENTION_*`` settings and ``CAS_VOLUNTEER_INACTIVE_MONTHS``.
``purge_unconfirmed_ideas`` is an alias kept for existing cron entries.
"""

from django.core.management.base import BaseCommand

from home.privacy import apply_retention


class Command(BaseCommand):
    help = (
        "Stosuje okresy przechowywania do wszystkich rejestrów danych osobowych: usuwa albo anonimizuje "
        "zapisy na warsztaty, zgłoszenia szkół, zgłoszone pomysły, wolontariuszy i wysłane e-maile "
        "(ustawienia CAS_RETENTION_*, CAS_VOLUNTEER_INACTIVE_MONTHS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Tylko policz, niczego nie zmieniaj.")
        parser.add_argument("--months", type=int, default=None, help="Okres nieaktywności wolontariuszy.")
        parser.add_argument(
            "--reapply-erasures",
            action="store_true",
            help="Po odtworzeniu kopii zapasowej: usuń ponownie osoby z rejestru usunięć.",
        )

    def handle(self, *args, dry_run=False, months=None, reapply_erasures=False, **options):
        from volunteers.people import services

        prefix = "[próba] " if dry_run else ""
        if reapply_erasures:
            count = services.reapply_erasures(dry_run=dry_run)
            self.stdout.write(f"{prefix}Ponownie usunięte po odtworzeniu kopii: {count}")
        deleted_verb = "do usunięcia" if dry_run else "usunięto"
        anonymised_verb = "do anonimizacji" if dry_run else "zanonimizowano"

        def progress(result):
            self.stdout.write(
                f"{prefix}{result.register} ({result.rule}): "
                f"{deleted_verb} {result.deleted}, {anonymised_verb} {result.anonymised}"
            )

        results = apply_retention(dry_run=dry_run, months=months, progress=progress)
        self.stdout.write(
            f"{prefix}Razem: {deleted_verb} {sum(r.deleted for r in results)}, "
            f"{anonymised_verb} {sum(r.anonymised for r in results)}"
        )
