"""``manage.py import_organisations FILE.csv``: add or update partner organisations from a CSV."""

from django.core.management.base import BaseCommand, CommandError

from volunteers.services import IMPORT_COLUMNS, ImportOutcome, import_organisations

BAR_WIDTH = 30
LABELS = {
    ImportOutcome.CREATED: "dodano",
    ImportOutcome.UPDATED: "zaktualizowano",
    ImportOutcome.UNCHANGED: "bez zmian",
    ImportOutcome.REJECTED: "odrzucono",
}


def progress_bar(done, total, width=BAR_WIDTH):
    filled = width * done // total if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = (
        "Importuje organizacje z pliku CSV (nagłówek: " + ", ".join(IMPORT_COLUMNS) + "). "
        "Dopasowuje po numerze KRS albo identyfikatorze (slug), więc ponowny import niczego nie dubluje."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="plik CSV w UTF-8 (separator: przecinek, średnik albo tabulator)")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                report = import_organisations(handle, progress=self.show_progress)
        except OSError as error:
            raise CommandError(f"Nie można otworzyć pliku {file}: {error}") from error
        self.stdout.write("")
        for row in report.rows:
            line = f"wiersz {row.line}: {LABELS[row.outcome]} — {row.name or '(bez nazwy)'}"
            if row.reason:
                line += f": {row.reason}"
            style = self.style.ERROR if row.outcome == ImportOutcome.REJECTED else self.style.SUCCESS
            self.stdout.write(style(line))
        self.stdout.write(
            f"Podsumowanie: dodano {report.created}, zaktualizowano {report.updated}, "
            f"bez zmian {report.unchanged}, odrzucono {report.rejected}."
        )

    def show_progress(self, done, total):
        self.stdout.write(f"\r{progress_bar(done, total)}", ending="")
        self.stdout.flush()
