"""Create the demo administrator for `make run` if it does not exist yet."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "cas-demo-2026"  # noqa: S105 - the documented local demo login


class Command(BaseCommand):
    help = "Tworzy konto administratora demonstracyjnego (tylko do lokalnego uruchomienia)."

    def handle(self, *args, **options):
        username = os.environ.get("CAS_DEMO_ADMIN", DEFAULT_USERNAME)
        password = os.environ.get("CAS_DEMO_PASSWORD", DEFAULT_PASSWORD)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Konto {username} już istnieje.")
            return
        User.objects.create_superuser(
            username, "admin@example.org", password, first_name="Admin", last_name="CAS"
        )
        self.stdout.write(self.style.SUCCESS(f"Utworzono konto {username}."))
