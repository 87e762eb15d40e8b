"""A database made before workshops and the volunteer registry became apps upgrades with ``migrate``.

The fixture is a SQLite database created on main at db858a9 (round 1) with ``migrate`` and
``seed_demo``. The test migrates a copy in a subprocess (its own SQLite file, whatever
DATABASE_URL the suite runs on) and checks that no row was lost and that the moved models
(now ``workshops.*`` and ``people.*``, tables unchanged) read the old rows. The workshop page
types keep the ``campaigns`` label: it is their name in the public pages API.
"""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FIXTURE = ROOT / "tests" / "fixtures" / "round1-demo.sqlite3.gz"

#: Tables whose rows a later migration adds on purpose (the count may only grow).
GROWS = {
    "django_migrations": "the migrations applied by this upgrade are recorded",
    "django_content_type": "home.0004 adds the outbox (OutgoingEmail) and the e-mailed links (EmailLink); "
    "the rooms app its models (initiatives.rooms)",
    "auth_permission": "volunteers.0009 adds change_organisation_email, home.0004 the outbox's and links', "
    "the rooms app its models'",
    "auth_group_permissions": "volunteers.0009 and home.0005 grant them to the coordinators' group; "
    "rooms.0002 grants the rooms permissions to 'Sale' and the coordinators",
    "auth_group": "rooms.0002 creates the 'Sale' group",
    **dict.fromkeys(
        (
            "wagtailcore_workflow",
            "wagtailcore_task",
            "wagtailcore_groupapprovaltask",
            "wagtailcore_groupapprovaltask_groups",
            "wagtailcore_workflowtask",
            "wagtailcore_workflowcontenttype",
        ),
        "volunteers.0012 creates the moderation workflow of partners' changes (its task for the "
        "coordinators' group, assigned to organisations and opportunities)",
    ),
}
#: Tables a later migration drops on purpose, with the reason.
DROPPED = {
    "volunteers_outboxemail": "the one outbox (home_outgoingemail) took its unsent rows (home.0005)",
    "volunteers_accesstoken": "the one link table (home_emaillink) took its live links (home.0005)",
    "campaigns_bookingemail": "the one outbox took its unsent rows (home.0005)",
    "campaigns_bookingtoken": "the one link table took its live links (home.0005)",
}

#: Runs inside ``manage.py shell`` on the upgraded database; prints what the test checks.
CHECKS = """
import json
from django.contrib.auth.models import Group, User
from wagtail.models import Page

from campaigns.models import CampaignPage
from campaigns.workshops.models import Booking, WorkshopIndexPage, WorkshopPage, WorkshopSession
from volunteers.people.models import Consent, Volunteer

pages = Page.objects.filter(
    content_type__model__in=["workshopindexpage", "workshoppage"], content_type__app_label="campaigns"
).order_by("path")
staff = User.objects.create_user("warsztaty-po-migracji")
staff.groups.add(Group.objects.get(name="Warsztaty"))
coordinator = User.objects.create_user("koordynacja-po-migracji")
coordinator.groups.add(Group.objects.get(name="Koordynacja wolontariatu"))
volunteer = Volunteer.objects.order_by("pk").first()
print(json.dumps({
    "page_classes": sorted({type(page.specific).__name__ for page in pages}),
    "revision_classes": sorted({type(page.get_latest_revision().as_object()).__name__ for page in pages}),
    "page_types": sorted({page.specific_class._meta.label for page in pages}),
    "index_pages": WorkshopIndexPage.objects.count(),
    "workshop_pages": WorkshopPage.objects.count(),
    "sessions": WorkshopSession.objects.count(),
    "bookings": Booking.objects.count(),
    "related_workshops": sum(c.related_workshops.count() for c in CampaignPage.objects.all()),
    "staff_perms": sorted(
        p for p in staff.get_all_permissions() if p.startswith(("workshops.", "campaigns."))
    ),
    "coordinator_can_view_volunteers": coordinator.has_perm("people.view_volunteer"),
    "volunteers": Volunteer.objects.count(),
    "volunteer": [volunteer.pk, volunteer.email, volunteer.skills.count()],
    "consents": Consent.objects.count(),
}))
"""


def row_counts(path):
    with sqlite3.connect(path) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
        names = [name for (name,) in tables]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def query(path, sql):
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def manage(database, tmp_path, *args):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the e2e tests
        "DJANGO_SETTINGS_MODULE": "cas_site.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "TEST_MEDIA_ROOT": str(tmp_path / "media"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_round1_demo_database_upgrades_without_losing_rows(tmp_path):
    database = tmp_path / "round1.sqlite3"
    with gzip.open(FIXTURE, "rb") as source, database.open("wb") as target:
        shutil.copyfileobj(source, target)
    before = row_counts(database)
    old_volunteer = query(database, "SELECT id, email FROM volunteers_volunteer ORDER BY id LIMIT 1")[0]
    old_staff_perms = query(
        database,
        "SELECT ct.app_label || '.' || p.codename FROM auth_group g "
        "JOIN auth_group_permissions gp ON gp.group_id = g.id "
        "JOIN auth_permission p ON p.id = gp.permission_id "
        "JOIN django_content_type ct ON ct.id = p.content_type_id "
        "WHERE g.name = 'Warsztaty' AND ct.app_label = 'campaigns' ORDER BY 1",
    )
    assert [p for (p,) in old_staff_perms] == [
        "campaigns.change_booking",
        "campaigns.view_booking",
        "campaigns.view_workshopsession",
    ]  # the fixture is what we think it is: made before the apps moved

    result = manage(database, tmp_path, "migrate", "--no-input")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Applying workshops.0001_initial" in result.stdout
    assert "Applying people.0001_initial" in result.stdout

    after = row_counts(database)
    assert set(before) - set(after) == set(DROPPED)
    changed = {table: (n, after[table]) for table, n in before.items() if after.get(table, n) != n}
    assert set(changed) <= set(GROWS), changed
    assert all(new > old for old, new in changed.values()), changed

    result = manage(database, tmp_path, "shell", "--no-startup", "-c", CHECKS)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["page_classes"] == ["WorkshopIndexPage", "WorkshopPage"]
    assert seen["revision_classes"] == ["WorkshopIndexPage", "WorkshopPage"]
    assert seen["page_types"] == ["campaigns.WorkshopIndexPage", "campaigns.WorkshopPage"]  # API names
    assert seen["index_pages"] == before["campaigns_workshopindexpage"] == 1
    assert seen["workshop_pages"] == before["campaigns_workshoppage"] == 6
    assert seen["sessions"] == before["campaigns_workshopsession"]
    assert seen["bookings"] == before["campaigns_booking"] > 0
    assert seen["related_workshops"] == before["campaigns_campaignpage_related_workshops"] > 0
    assert seen["staff_perms"] == [
        "workshops.change_booking",
        "workshops.view_booking",
        "workshops.view_workshopsession",
    ]
    assert seen["coordinator_can_view_volunteers"] is True
    assert seen["volunteers"] == before["volunteers_volunteer"] > 0
    assert seen["volunteer"][:2] == list(old_volunteer)
    assert seen["consents"] == before["volunteers_consent"] > 0
    # No content type is left under the old labels for the moved models.
    assert (
        query(
            database,
            "SELECT app_label, model FROM django_content_type WHERE "
            "(app_label = 'campaigns' AND model IN ('workshopsession', 'booking')) "
            "OR (app_label = 'volunteers' AND model = 'volunteer')",
        )
        == []
    )
