"""Extract, update and compile the translation catalogues without system gettext tools.

Source strings are Polish. Every CAS app keeps ``<app>/locale/<lang>/LC_MESSAGES/django.po``
for the strings of its own code and templates; ``cas_site/locale`` holds those of the
project templates and shared modules (``cas_site/``). Polish catalogues carry only what
Polish needs beyond the source text: the three plural forms.

    python manage.py cas_messages            # extract + update .po files, then compile .mo
    python manage.py cas_messages --compile  # only compile .mo files (used by `make run`)
    python manage.py cas_messages --check    # exit 1 if a message is missing or untranslated
"""

from django.core.management.base import BaseCommand, CommandError

from home.i18n import check_catalogues, compile_catalogues, update_catalogues


class Command(BaseCommand):
    help = "Aktualizuje i kompiluje katalogi tłumaczeń (bez systemowego gettext)."

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true", help="Only compile .po into .mo.")
        parser.add_argument("--check", action="store_true", help="Fail on missing translations.")

    def handle(self, *args, **options):
        if options["check"]:
            problems = check_catalogues()
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} translation problem(s).")
            self.stdout.write("Wszystkie komunikaty są przetłumaczone.")
            return
        if not options["compile"]:
            for path, added, obsolete in update_catalogues():
                self.stdout.write(f"{path}: +{added} nowych, -{obsolete} usuniętych")
        for path in compile_catalogues():
            self.stdout.write(f"skompilowano {path}")
