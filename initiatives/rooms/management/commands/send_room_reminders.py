"""Cron (e.g. hourly): e-mail the group of each approved room booking the day before, once each."""

from django.core.management.base import BaseCommand

from initiatives.rooms.services import send_room_reminders


class Command(BaseCommand):
    help = "Wysyła przypomnienia o zatwierdzonych rezerwacjach sal w dniu przed spotkaniem (każdą raz)."

    def handle(self, *args, **options):
        self.stdout.write(f"Przypomnienia o salach: {send_room_reminders()}")
