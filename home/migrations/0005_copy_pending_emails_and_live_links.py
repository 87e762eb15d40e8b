"""Nothing queued is lost on upgrade: unsent e-mails of the old outboxes (the registry's, the
bookings', the school requests' sent-at flags) and live links (the registry's and the bookings'
tokens, ideas' guardian hashes) are copied into ``home.OutgoingEmail`` and ``home.EmailLink``.

Reads the old tables with raw SQL on their table names (their models may change app label in
the migration state while the tables stay); hashes are copied as they are, so links already
e-mailed keep working. Coordinators get the outbox's admin list.
"""

import json
from datetime import UTC

from django.db import migrations
from django.utils import timezone

#: Content types are looked up under the old and the new app label of a moved model.
LABELS = {
    "booking": ["campaigns", "workshops"],
    "volunteer": ["volunteers", "people"],
    "schoolrequest": ["campaigns"],
    "ideasubmission": ["initiatives"],
}
#: Registry messages whose old context held a raw link: the renderer issues a fresh one.
LINK_TEMPLATES = {"confirm_email", "access_link", "already_registered", "guardian_request", "welcome"}


def content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = LABELS[model]
    found = {ct.app_label: ct for ct in ContentType.objects.filter(app_label__in=labels, model=model)}
    for label in reversed(labels):  # the new label first
        if label in found:
            return found[label]
    return ContentType.objects.create(app_label=labels[0], model=model)


def aware(value):
    """SQLite hands raw datetimes back naive (stored in UTC)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value


def rows(cursor, sql, params=()):
    cursor.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [
        {
            name: aware(value) if name.endswith("_at") else value
            for name, value in zip(names, row, strict=True)
        }
        for row in cursor.fetchall()
    ]


def as_dict(value):
    if isinstance(value, str):
        return json.loads(value or "{}")
    return value or {}


def copy(apps, schema_editor):
    OutgoingEmail = apps.get_model("home", "OutgoingEmail")
    EmailLink = apps.get_model("home", "EmailLink")
    now = timezone.now()
    emails, links = [], []
    with schema_editor.connection.cursor() as cursor:
        volunteer = content_type(apps, "volunteer")
        for row in rows(
            cursor,
            'SELECT template, "to", context, language, volunteer_id, created_at, attempts, last_error '
            "FROM volunteers_outboxemail WHERE sent_at IS NULL ORDER BY id",
        ):
            context = as_dict(row["context"])
            about = {}
            if row["volunteer_id"] is not None:
                about = {"content_type": volunteer, "object_id": row["volunteer_id"]}
            if row["template"] in LINK_TEMPLATES:
                context = {}  # no raw links in the new outbox
            emails.append(
                OutgoingEmail(
                    kind=f"people.{row['template']}",
                    to=row["to"],
                    language=row["language"],
                    context=context,
                    created_at=row["created_at"],
                    attempts=row["attempts"],
                    last_error=row["last_error"],
                    **about,
                )
            )
        booking = content_type(apps, "booking")
        for row in rows(
            cursor,
            "SELECT e.kind, e.booking_id, e.created_at, e.attempts, e.last_error, b.email, "
            "b.guardian_email, b.language FROM campaigns_bookingemail e "
            "JOIN campaigns_booking b ON b.id = e.booking_id WHERE e.sent_at IS NULL ORDER BY e.id",
        ):
            emails.append(
                OutgoingEmail(
                    kind=f"workshops.{row['kind']}",
                    to=row["guardian_email"] if row["kind"] == "guardian_request" else row["email"],
                    language=row["language"],
                    content_type=booking,
                    object_id=row["booking_id"],
                    created_at=row["created_at"],
                    attempts=row["attempts"],
                    last_error=row["last_error"],
                )
            )
        school_request = content_type(apps, "schoolrequest")
        for row in rows(
            cursor,
            "SELECT id, email, language, created_at, confirmation_sent_at, staff_notified_at "
            "FROM campaigns_schoolrequest WHERE email <> '' "
            "AND (confirmation_sent_at IS NULL OR staff_notified_at IS NULL) ORDER BY id",
        ):
            common = {"content_type": school_request, "object_id": row["id"], "created_at": row["created_at"]}
            if row["confirmation_sent_at"] is None:
                emails.append(
                    OutgoingEmail(
                        kind="campaigns.school_request_confirmation",
                        to=row["email"],
                        language=row["language"] or "pl",
                        **common,
                    )
                )
            if row["staff_notified_at"] is None:
                from django.conf import settings

                emails.append(
                    OutgoingEmail(
                        kind="campaigns.school_request_notification",
                        to=settings.CAS_STAFF_EMAIL,
                        language=settings.LANGUAGE_CODE,
                        **common,
                    )
                )
        for row in rows(
            cursor,
            "SELECT volunteer_id, purpose, token_hash, created_at, expires_at FROM volunteers_accesstoken "
            "WHERE used_at IS NULL AND expires_at > %s",
            [now],
        ):
            links.append(
                EmailLink(
                    purpose=f"people.{row['purpose']}",
                    token_hash=row["token_hash"],
                    content_type=volunteer,
                    object_id=row["volunteer_id"],
                    created_at=row["created_at"],
                    expires_at=row["expires_at"],
                )
            )
        for row in rows(
            cursor,
            "SELECT booking_id, purpose, token_hash, created_at, expires_at FROM campaigns_bookingtoken "
            "WHERE used_at IS NULL AND expires_at > %s",
            [now],
        ):
            links.append(
                EmailLink(
                    purpose=f"workshops.{row['purpose']}",
                    token_hash=row["token_hash"],
                    content_type=booking,
                    object_id=row["booking_id"],
                    created_at=row["created_at"],
                    expires_at=row["expires_at"],
                )
            )
        idea = content_type(apps, "ideasubmission")
        for row in rows(
            cursor,
            "SELECT id, guardian_token_hash, guardian_token_expires_at FROM initiatives_ideasubmission "
            "WHERE guardian_token_hash IS NOT NULL AND status = 'pending_guardian' "
            "AND guardian_token_expires_at > %s",
            [now],
        ):
            links.append(
                EmailLink(
                    purpose="ideas.guardian",
                    token_hash=row["guardian_token_hash"],
                    content_type=idea,
                    object_id=row["id"],
                    expires_at=row["guardian_token_expires_at"],
                )
            )
    OutgoingEmail.objects.bulk_create(emails)
    EmailLink.objects.bulk_create(links, ignore_conflicts=True)


def grant_outbox(apps, schema_editor):
    from home.roles import VOLUNTEER_COORDINATORS, grant

    grant(apps, VOLUNTEER_COORDINATORS, "home", ["view_outgoingemail", "resend_outgoingemail"])


def revoke_outbox(apps, schema_editor):
    from home.roles import VOLUNTEER_COORDINATORS, revoke

    revoke(apps, VOLUNTEER_COORDINATORS, "home", ["view_outgoingemail", "resend_outgoingemail"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_outbox_and_email_links"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("campaigns", "0009_booking_email_confirmation"),
        ("volunteers", "0009_organisation_email_permission"),
        ("initiatives", "0003_success_story_partner_organisations"),
    ]

    operations = [
        migrations.RunPython(copy, migrations.RunPython.noop),
        migrations.RunPython(grant_outbox, revoke_outbox),
    ]
