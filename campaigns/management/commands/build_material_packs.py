"""Build (or refresh) the material pack of every published campaign, e.g. after restoring media.

Packs hold public materials only; a campaign that is unpublished or private loses its pack.
"""

from django.core.management.base import BaseCommand

from campaigns.models import CampaignPage, MaterialPack
from campaigns.services import current_pack, public_campaign


class Command(BaseCommand):
    help = "Zbuduj paczki ZIP materiałów wszystkich opublikowanych kampanii (tylko te, które się zmieniły)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Zbuduj od nowa także aktualne paczki.")

    def handle(self, *args, force=False, **options):
        for campaign in CampaignPage.objects.order_by("title"):
            if force:
                MaterialPack.objects.filter(campaign=campaign).update(fingerprint="")
            pack = current_pack(campaign)
            if pack is None and not public_campaign(campaign):
                self.stdout.write(f"{campaign.slug}: niepubliczna, bez paczki")
            elif pack is None:
                self.stdout.write(f"{campaign.slug}: brak materiałów")
            else:
                self.stdout.write(f"{campaign.slug}: {pack.size} B ({pack.fingerprint[:12]})")
