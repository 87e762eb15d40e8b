"""Background jobs of the campaigns app (take primary keys; safe to retry)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task


@task()
def send_school_request_emails(school_request_id: int):
    """Confirm a school request to the school and notify the staff, each at most once."""
    from campaigns.emails import send_school_request_confirmation, send_school_request_notification
    from campaigns.models import SchoolRequest

    with transaction.atomic():
        school_request = (
            SchoolRequest.objects.select_for_update(of=("self",))
            .select_related("campaign")
            .filter(pk=school_request_id)
            .first()
        )
        if school_request is None:
            return
        if school_request.confirmation_sent_at is None:
            send_school_request_confirmation(school_request)
            school_request.confirmation_sent_at = timezone.now()
            school_request.save(update_fields=["confirmation_sent_at"])
    with transaction.atomic():
        school_request = (
            SchoolRequest.objects.select_for_update(of=("self",))
            .select_related("campaign")
            .get(pk=school_request_id)
        )
        if school_request.staff_notified_at is None:
            send_school_request_notification(school_request)
            school_request.staff_notified_at = timezone.now()
            school_request.save(update_fields=["staff_notified_at"])


@task()
def build_material_pack(campaign_id: int):
    """Build a campaign's pack ahead of the first download (after each publish)."""
    from campaigns.models import CampaignPage
    from campaigns.services import current_pack

    campaign = CampaignPage.objects.filter(pk=campaign_id).first()
    if campaign is not None:
        current_pack(campaign)
