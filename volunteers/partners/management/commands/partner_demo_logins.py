"""Print the demo partner logins of ``make run`` (e-mail, password, TOTP key), or their codes now."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from volunteers.partners import seed
from volunteers.partners.models import Membership

#: How a demo user gets the current codes without an authenticator app.
CODES_COMMAND = ".venv/bin/python manage.py partner_demo_logins --codes"


class Command(BaseCommand):
    help = (
        "Wypisuje demonstracyjne konta portalu partnerów (e-mail, hasło, klucz TOTP); z --codes "
        "bieżące kody TOTP tych kont (tylko dane demonstracyjne)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="adres serwisu")
        parser.add_argument(
            "--codes",
            action="store_true",
            help="bieżące kody TOTP kont demonstracyjnych i ich adresy otpauth://",
        )

    def handle(self, *args, url, codes, **options):
        accounts = []
        for partner in seed.PARTNERS:
            membership = (
                Membership.objects.active()
                .filter(user__username=partner.email, organisation__slug=partner.organisation)
                .select_related("organisation", "user")
                .first()
            )
            # Only a device that still has the seed's public secret (a demo user may have re-enrolled).
            device = TOTPDevice.objects.filter(
                user__username=partner.email, confirmed=True, key=seed.totp_key(partner.email)
            ).first()
            if membership is not None and device is not None:
                accounts.append((partner, membership, device))
        if not accounts:
            self.stdout.write("  Portal partnerów: brak kont demonstracyjnych (manage.py seed_demo).")
            return
        if codes:
            for partner, _membership, device in accounts:
                totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
                totp.time = time.time()
                left = device.step - int(totp.time - device.t0) % device.step
                self.stdout.write(f"{partner.email}: {totp.token():0{device.digits}d} (jeszcze {left} s)")
                self.stdout.write(f"  {device.config_url}")
            return
        base = url.rstrip("/")
        self.stdout.write(
            f"  Partnerzy: {base}/partnerzy/logowanie/   login: e-mail   hasło: {seed.DEMO_PASSWORD}"
        )
        width = max(len(p.email) for p, _m, _d in accounts)
        for partner, membership, _device in accounts:
            self.stdout.write(
                f"    {partner.email:<{width}}  klucz TOTP: {seed.base32_key(partner.email)}  "
                f"({membership.get_role_display()}, {membership.organisation.name})"
            )
        self.stdout.write(f"    kody TOTP bez aplikacji: {CODES_COMMAND}")
        if not settings.CAS_PARTNERS_PUBLIC:
            self.stdout.write("    portal jest wyłączony; włącz go tak: CAS_PARTNERS_PUBLIC=true make run")
