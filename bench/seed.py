"""Benchmark content: top a seeded database up to N campaigns, N workshop sessions and N opportunities.

Run as ``python -m bench.seed --size N`` with the same environment as the server
(DATABASE_URL, DJANGO_SETTINGS_MODULE…). The demo content (``seed_demo``) is loaded
first if the database has none, then only the missing items are added, so sizes can
grow step by step (50 → 500 → 5 000) in one database.

Wagtail's ``add_child`` saves one page at a time (path lookup, revision, signals);
for thousands of pages this module computes the treebeard paths itself and writes
the ``wagtailcore_page`` rows and the specific pages' rows in batched INSERTs.
The pages are live without revisions, as imported pages would be.
"""

import argparse
import io
import os
import sys
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock

BATCH = 500


def bulk_child_pages(parent, model, rows):
    """Create published children of ``parent`` from ``rows`` (dicts of the model's own fields).

    ``rows`` need a ``slug`` and a ``title``; returns the new pages' primary keys in order.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    own_fields = list(model._meta.local_concrete_fields)
    created = []
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            base = []
            for offset, row in enumerate(chunk):
                base.append(
                    Page(
                        title=row["title"],
                        draft_title=row["title"],
                        slug=row["slug"],
                        content_type=content_type,
                        path=Page._get_path(parent.path, parent.depth + 1, position + start + offset),
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}{row['slug']}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale_id=parent.locale_id,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(base)
            specific = []
            for page, row in zip(base, chunk, strict=True):
                fields = {k: v for k, v in row.items() if k not in {"title", "slug"}}
                specific.append(model(page_ptr_id=page.pk, **fields))
            model._base_manager._insert(specific, fields=own_fields, raw=True)
            created += [page.pk for page in base]
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(rows))
    return created


def progress(out, label, done, total, started):
    out.write(f"  {label}: {done}/{total} ({time.monotonic() - started:.1f} s)\n")
    out.flush()


def top_up_campaigns(size, out):
    from wagtail.images import get_image_model

    from campaigns.choices import Audience
    from campaigns.models import CampaignIndexPage, CampaignPage, CampaignTopic

    index = CampaignIndexPage.objects.get()
    have = CampaignPage.objects.child_of(index).count()
    missing = size - have
    if missing <= 0:
        return
    started = time.monotonic()
    images = list(get_image_model().objects.filter(title__startswith="Kampania:").order_by("pk"))
    topics = list(CampaignTopic.objects.order_by("pk"))
    audiences = [
        [Audience.GRADES_4_8, Audience.SECONDARY],
        [Audience.PARENTS],
        [Audience.TEACHERS, Audience.ADULTS],
        [Audience.GRADES_1_3],
    ]
    today = datetime.now().date()
    rows = []
    for number in range(have, have + missing):
        image = images[number % len(images)] if images else None
        rows.append(
            {
                "slug": f"bench-kampania-{number:05d}",
                "title": f"Kampania testowa nr {number}",
                "intro": "Kampania do pomiarów wydajności: krótki lead, jak w prawdziwej karcie.",
                "hero_image_id": image.pk if image else None,
                "hero_image_alt": "Kolorowe koła — ilustracja kampanii" if image else "",
                "body": [{"type": "paragraph", "value": "<p>Treść kampanii testowej z jednym akapitem.</p>"}],
                "audiences": audiences[number % len(audiences)],
                "starts_on": today - timedelta(days=number % 90),
                "ends_on": today + timedelta(days=30 + number % 200),
            }
        )
    pks = []
    for start in range(0, len(rows), 1000):
        pks += bulk_child_pages(index, CampaignPage, rows[start : start + 1000])
        progress(out, "kampanie", have + len(pks), size, started)
    if topics:
        Through = CampaignPage.topics.through
        Through.objects.bulk_create(
            [
                Through(campaignpage_id=pk, campaigntopic_id=topics[i % len(topics)].pk)
                for i, pk in enumerate(pks)
            ],
            batch_size=BATCH,
        )


def top_up_sessions(size, out):
    """Sessions of bench workshop pages (five sessions a page), open to any adult, with a waiting list."""
    from django.utils import timezone

    from campaigns.choices import Audience
    from campaigns.workshops.choices import Topic
    from campaigns.workshops.models import WorkshopIndexPage, WorkshopPage, WorkshopSession

    have = WorkshopSession.objects.count()
    missing = size - have
    if missing <= 0:
        return
    started = time.monotonic()
    index = WorkshopIndexPage.objects.get()
    pages_needed = (missing + 4) // 5
    first = WorkshopPage.objects.child_of(index).filter(slug__startswith="bench-warsztat-").count()
    rows = [
        {
            "slug": f"bench-warsztat-{number:05d}",
            "title": f"Warsztat testowy nr {number}",
            "intro": "Warsztat do pomiarów wydajności.",
            "body": [{"type": "paragraph", "value": "<p>Opis warsztatu testowego.</p>"}],
            "topic": Topic.CIVIC,
            "audiences": [Audience.SECONDARY, Audience.ADULTS],
            "min_age": None,
            "max_age": None,
            "trainers": "Zespół CAS",
            "place": "",
            "what_to_bring": "",
            "accessibility": "Sala na parterze.",
        }
        for number in range(first, first + pages_needed)
    ]
    pages = bulk_child_pages(index, WorkshopPage, rows)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    sessions = []
    for i in range(missing):
        day = today + timedelta(days=2 + i % 180)
        starts = datetime.combine(day, clock(9 + i % 9), tz)
        sessions.append(
            WorkshopSession(
                page_id=pages[i // 5],
                sort_order=i % 5,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                # Never full during a bench: every size measures the same path (a seat
                # confirmed), or the query counts would differ by the waiting-list lookup.
                capacity=10_000,
                waiting_list_enabled=True,
            )
        )
    WorkshopSession.objects.bulk_create(sessions, batch_size=BATCH)
    progress(out, "terminy warsztatów", have + missing, size, started)


def top_up_opportunities(size, out):
    """Organisations (one per ten opportunities) and live, open opportunities."""
    from home.models import District
    from volunteers.choices import Benefit, Commitment
    from volunteers.models import Area, Opportunity, Organisation, Skill

    have = Opportunity.objects.open().count()
    missing = size - have
    if missing <= 0:
        return
    started = time.monotonic()
    districts = list(District.objects.order_by("pk"))
    skills = list(Skill.objects.order_by("pk"))
    areas = list(Area.objects.order_by("pk"))
    first_org = Organisation.objects.filter(slug__startswith="bench-organizacja-").count()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Organizacja testowa nr {number}",
                slug=f"bench-organizacja-{number:05d}",
                description="Organizacja do pomiarów wydajności.\n\nDrugi akapit opisu.",
                district=districts[number % len(districts)] if districts else None,
                address="Plac Kościuszki 5, Sosnowiec",
                email=f"org{number}@example.org",
                accepts_volunteers=True,
                live=True,
            )
            for number in range(first_org, first_org + max(1, missing // 10))
        ],
        batch_size=BATCH,
    )
    first = Opportunity.objects.filter(title__startswith="Oferta testowa nr ").count()
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                organisation=organisations[i % len(organisations)],
                title=f"Oferta testowa nr {first + i}",
                description="Oferta do pomiarów wydajności.\n\nDrugi akapit.",
                district=districts[i % len(districts)] if districts else None,
                remote=i % 3 == 0,
                min_age=None if i % 2 else 16,
                commitment=Commitment.REGULAR,
                hours="3 godziny w tygodniu",
                places=5,
                benefits=[Benefit.CERTIFICATE],
                live=True,
            )
            for i in range(missing)
        ],
        batch_size=BATCH,
    )
    OrgAreas = Organisation.areas.through
    OppSkills = Opportunity.skills.through
    OppAreas = Opportunity.areas.through
    if areas:
        OrgAreas.objects.bulk_create(
            [
                OrgAreas(organisation_id=o.pk, area_id=areas[i % len(areas)].pk)
                for i, o in enumerate(organisations)
            ],
            batch_size=BATCH,
        )
        OppAreas.objects.bulk_create(
            [
                OppAreas(opportunity_id=o.pk, area_id=areas[i % len(areas)].pk)
                for i, o in enumerate(opportunities)
            ],
            batch_size=BATCH,
        )
    if skills:
        OppSkills.objects.bulk_create(
            [
                OppSkills(opportunity_id=o.pk, skill_id=skills[(i + k) % len(skills)].pk)
                for i, o in enumerate(opportunities)
                for k in range(2)
            ],
            batch_size=BATCH,
        )
    progress(out, "oferty wolontariatu", have + missing, size, started)


def ensure_demo(out):
    from django.core.management import call_command

    from home.models import HomePage

    if not HomePage.objects.exists():
        started = time.monotonic()
        call_command("seed_demo", stdout=io.StringIO())
        out.write(f"  treści demonstracyjne (seed_demo): {time.monotonic() - started:.1f} s\n")


def bench_session_ids(limit=50):
    """Upcoming bench sessions open to adults: the targets of the booking load."""
    from django.utils import timezone

    from campaigns.workshops.models import WorkshopSession

    return list(
        WorkshopSession.objects.filter(
            page__slug__startswith="bench-warsztat-", starts_at__gt=timezone.now() + timedelta(days=1)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def small_sessions(capacity=8):
    """Fault scripts want sessions that fill up: seats run out and the waiting list is used or refused."""
    from campaigns.workshops.models import WorkshopSession

    targets = bench_session_ids(limit=12)
    WorkshopSession.objects.filter(pk__in=targets).update(capacity=capacity)
    WorkshopSession.objects.filter(pk__in=targets[::3]).update(waiting_list_enabled=False)


def seed(size, out=sys.stdout):
    ensure_demo(out)
    top_up_campaigns(size, out)
    top_up_sessions(size, out)
    top_up_opportunities(size, out)


def setup_django():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if root not in sys.path:
        sys.path.insert(0, root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_site.settings.dev")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--print-sessions", action="store_true", help="print the booking targets' ids")
    parser.add_argument(
        "--fault-sessions",
        action="store_true",
        help="make the booking targets small (8 seats; every third without a waiting list) so they fill up",
    )
    args = parser.parse_args(argv)
    setup_django()
    started = time.monotonic()
    seed(args.size)
    print(f"  seeded to {args.size} items in {time.monotonic() - started:.1f} s", flush=True)
    if args.fault_sessions:
        small_sessions()
    if args.print_sessions:
        targets = bench_session_ids(limit=12 if args.fault_sessions else 50)
        print("SESSIONS " + ",".join(str(pk) for pk in targets), flush=True)


if __name__ == "__main__":
    main()
