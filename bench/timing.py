"""`make bench-timing`: does the answer time tell whether an e-mail address is registered?

Times ``POST volunteers/access-link`` and ``POST volunteers/`` in-process (Django test
client, no network) for an address on file and for unknown ones, interleaved so drift
hits both alike, and prints the medians in ms, their ratio and the SQL queries per
request. Background jobs use the production database backend (enqueued, not run), as
under ``db_worker``. The database is a throwaway test database: SQLite in memory, or
PostgreSQL when ``DATABASE_URL`` points at one (``test_<name>`` is created and dropped).

    python bench/timing.py [--requests 300] [--warmup 30]
"""

import argparse
import os
import statistics
import sys
import time
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.timing_settings"

KNOWN = "znana.osoba@example.org"


def registration(email):
    year = time.localtime().tm_year
    return {
        "first_name": "Zuzanna",
        "email": email,
        "birth_year": year - 25,
        "district": "zagorze",
        "skills": ["fotografia"],
        "areas": ["ekologia"],
        "availability": ["weekendy"],
        "about": "Lubię robić zdjęcia.",
        "consents": {"terms": True, "data_processing": True, "newsletter": False},
    }


def measure(client, path, body_for, *, requests, warmup):
    """Median ms and queries per request for the known address and for fresh unknown ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = count()
    times = {"known": [], "unknown": []}
    queries = {}
    for i in range(warmup + requests):
        for kind in ("known", "unknown") if i % 2 else ("unknown", "known"):
            email = KNOWN if kind == "known" else f"nieznana{next(fresh)}@example.org"
            body = body_for(email)
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.post(f"/api/v3/{path}", body, content_type="application/json")
                elapsed = time.perf_counter() - start
            assert response.status_code == 202, response.content
            if i >= warmup:
                times[kind].append(elapsed * 1000)
                queries[kind] = len(captured.captured_queries)
    return {kind: (statistics.median(values), queries[kind]) for kind, values in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="measured requests per address kind")
    parser.add_argument("--warmup", type=int, default=30, help="requests before measuring")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from home.models import District
        from volunteers.models import Area, Skill
        from volunteers.people.choices import VolunteerStatus
        from volunteers.people.models import Volunteer

        district, _ = District.objects.get_or_create(slug="zagorze", defaults={"name": "Zagórze"})
        Skill.objects.get_or_create(slug="fotografia", defaults={"name": "Fotografia i wideo"})
        Area.objects.get_or_create(slug="ekologia", defaults={"name": "Ekologia"})
        Volunteer.objects.create(
            first_name="Znana",
            email=KNOWN,
            birth_year=time.localtime().tm_year - 30,
            district=district,
            status=VolunteerStatus.ACTIVE,
        )
        client = Client()
        rows = [
            ("POST volunteers/access-link", "volunteers/access-link", lambda email: {"email": email}),
            ("POST volunteers/", "volunteers/", registration),
        ]
        print(f"{connection.vendor}, {args.requests} requests per kind (after {args.warmup} warm-up)")
        print(f"{'endpoint':30} {'known ms':>9} {'unknown ms':>11} {'ratio':>6} {'queries k/u':>12}")
        for name, path, body_for in rows:
            result = measure(client, path, body_for, requests=args.requests, warmup=args.warmup)
            (known, known_q), (unknown, unknown_q) = result["known"], result["unknown"]
            print(
                f"{name:30} {known:9.2f} {unknown:11.2f} {known / unknown:6.2f} {known_q:>5}/{unknown_q:<6}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
