"""Background jobs of the workshops module (enqueued on commit; they take primary keys)."""

from django_tasks import task

from campaigns.workshops import emails


@task()
def send_booking_email(booking_id: int, kind: str):
    emails.send_booking_email(booking_id, kind)
