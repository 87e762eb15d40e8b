"""Erase one person from every register by e-mail address (GDPR art. 17), e.g. on a written request."""

from django.core.management.base import BaseCommand, CommandError

from home.privacy import erase_person


class Command(BaseCommand):
    help = (
        "Usuwa albo anonimizuje dane osoby o podanym adresie e-mail we wszystkich rejestrach: "
        "wolontariusze, zapisy na warsztaty (także jako opiekun), zgłoszenia szkół, pomysły, e-maile."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="adres e-mail osoby")

    def handle(self, *args, email, **options):
        if "@" not in email:
            raise CommandError("Podaj adres e-mail.")
        counts = erase_person(email)
        for register, count in sorted(counts.items()):
            self.stdout.write(f"{register}: {count}")
        self.stdout.write(f"Razem rekordów: {sum(counts.values())}")
