"""What must hold in the database after a fault, whatever the clients saw.

Run as ``python -m bench.invariants ACKS.json`` with the server's environment; prints
one JSON object. ``violations`` must all be zero; ``warnings`` are figures worth a
look that do not break a database invariant (e.g. a booking stored by a request that
was killed after its commit but before its e-mail job was queued).
"""

import json
import os
import sys


def check(acks):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, F, Q
    from django_tasks_db.models import DBTaskResult

    from campaigns.workshops.choices import ACTIVE, SEAT_HOLDING
    from campaigns.workshops.models import Booking, WorkshopSession
    from home.models import OutgoingEmail
    from volunteers.people.choices import ConsentPurpose
    from volunteers.people.models import Consent, Volunteer

    def about(model):
        """Primary keys of the ``model`` records that have an e-mail in the outbox."""
        content_type = ContentType.objects.get_for_model(model)
        return OutgoingEmail.objects.filter(content_type=content_type).values("object_id")

    violations, warnings, figures = {}, {}, {}

    # 1. Every acknowledged write is stored, as the client was told.
    references = {a["reference"]: a for a in acks["bookings"]}
    stored = {
        b["reference"]: b
        for b in Booking.objects.filter(reference__in=references).values("reference", "email", "status")
    }
    missing = [r for r in references if r not in stored]
    different = [
        r
        for r, a in references.items()
        if r in stored and (stored[r]["email"] != a["email"].lower() or stored[r]["status"] != a["status"])
    ]
    violations["acknowledged_bookings_missing"] = len(missing)
    violations["acknowledged_bookings_different"] = len(different)
    emails = [a["email"].lower() for a in acks["registrations"]]
    found = set(Volunteer.objects.filter(email__in=emails).values_list("email", flat=True))
    violations["acknowledged_registrations_missing"] = len([e for e in emails if e not in found])
    figures["acknowledged_bookings"] = len(references)
    figures["acknowledged_registrations"] = len(emails)

    # 2. Seats: bookings holding a seat never outnumber the capacity (counts are computed, not stored).
    over = (
        WorkshopSession.objects.annotate(held=Count("bookings", filter=Q(bookings__status__in=SEAT_HOLDING)))
        .filter(held__gt=F("capacity"))
        .count()
    )
    violations["sessions_over_capacity"] = over
    figures["sessions_checked"] = WorkshopSession.objects.count()
    figures["bookings_stored"] = Booking.objects.count()
    figures["load_bookings_stored_unacknowledged"] = (
        Booking.objects.filter(email__startswith="fault-").exclude(reference__in=references).count()
    )
    figures["load_volunteers_stored_unacknowledged"] = (
        Volunteer.objects.filter(email__startswith="fault-").exclude(email__in=emails).count()
    )

    # 3. No partial rows: a booking always has its person; a volunteer always has the
    #    consents, the confirmation link and the e-mail written in the same transaction.
    violations["bookings_without_person"] = Booking.objects.filter(
        Q(name="") | Q(email="") | Q(terms_accepted_at__isnull=True)
    ).count()
    duplicate_active = (
        Booking.objects.filter(status__in=ACTIVE)
        .values("session_id", "email")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    violations["duplicate_active_bookings"] = duplicate_active
    registered = Volunteer.objects.filter(email__startswith="fault-")
    consent_pairs = set(
        Consent.objects.filter(volunteer__in=registered).values_list("volunteer_id", "purpose")
    )
    incomplete = 0
    for pk in registered.values_list("pk", flat=True):
        has_terms = (pk, ConsentPurpose.TERMS.value) in consent_pairs
        has_data = (pk, ConsentPurpose.DATA_PROCESSING.value) in consent_pairs
        if not (has_terms and has_data):
            incomplete += 1
    violations["volunteers_without_consents"] = incomplete
    # (Their links are issued when the e-mail is sent, so a queued one has none yet.)
    violations["volunteers_without_confirmation_email"] = registered.exclude(pk__in=about(Volunteer)).count()
    figures["volunteers_stored"] = registered.count()

    # 4. Every booking has its e-mail in the outbox (written in the booking's transaction);
    #    jobs never point at outbox rows that do not exist.
    violations["bookings_without_email"] = (
        Booking.objects.exclude(pk__in=seeded_booking_ids()).exclude(pk__in=about(Booking)).count()
    )
    outbox_ids = set(OutgoingEmail.objects.values_list("pk", flat=True))
    outbox_jobs = set()
    orphan_jobs = 0
    for path, args_kwargs in DBTaskResult.objects.values_list("task_path", "args_kwargs"):
        args = (args_kwargs or {}).get("args") or []
        if path == "home.tasks.deliver_email" and args:
            outbox_jobs.add(args[0])
            orphan_jobs += args[0] not in outbox_ids
    violations["jobs_without_their_row"] = orphan_jobs
    # A worker killed between commit and enqueue leaves an e-mail without a job:
    # `send_pending_emails` (cron) delivers those.
    warnings["outbox_emails_without_job"] = len(outbox_ids - outbox_jobs)
    figures["jobs"] = DBTaskResult.objects.count()
    return {"violations": violations, "warnings": warnings, "figures": figures}


def seeded_booking_ids():
    """Bookings the demo seed created directly (they never had an e-mail job)."""
    from campaigns.workshops.models import Booking

    return set(
        Booking.objects.filter(email__endswith="@example.org")
        .exclude(email__startswith="fault-")
        .values_list("pk", flat=True)
    )


def main():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    with open(sys.argv[1]) as handle:
        acks = json.load(handle)
    print("INVARIANTSJSON " + json.dumps(check(acks)), flush=True)


if __name__ == "__main__":
    main()
