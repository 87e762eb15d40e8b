"""Background jobs of the campaigns app (take primary keys; safe to retry)."""

from django_tasks import task


@task()
def build_material_pack(campaign_id: int):
    """Build a campaign's pack ahead of the first download (after each publish)."""
    from campaigns.models import CampaignPage
    from campaigns.services import current_pack

    campaign = CampaignPage.objects.filter(pk=campaign_id).first()
    if campaign is not None:
        current_pack(campaign)
