"""SQL queries per request, counted in-process with Django's test client (not inside gunicorn).

Run as ``python -m bench.queries ENDPOINTS_JSON`` with the server's environment (production
settings, the seeded database). Every endpoint is measured in its own forked process,
after the shared cache (the bench's Redis database, or local memory) has been emptied:
*cold* is that process's first request, *warm* its third. POST endpoints send a new
person in every request. Prints one JSON object: ``{name: {"cold": n, "warm": n, "status": [..]}}``.
"""

import json
import multiprocessing
import os
import sys
import uuid


def measure(endpoint, results):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    counts, statuses = [], []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            if endpoint["method"] == "POST":
                body = endpoint["body"].replace("{unique}", uuid.uuid4().hex[:12])
                response = client.post(endpoint["path"], body, content_type="application/json")
            else:
                response = client.get(endpoint["path"])
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
            response.close()
        counts.append(len(captured.captured_queries))
        statuses.append(response.status_code)
    results[endpoint["name"]] = {"cold": counts[0], "warm": counts[2], "status": statuses}


def main():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.db import connections

    endpoints = json.loads(sys.argv[1])
    connections.close_all()  # each forked child opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        results = manager.dict()
        for endpoint in endpoints:
            child = context.Process(target=measure, args=(endpoint, results))
            child.start()
            child.join(120)
            if child.exitcode != 0:
                results[endpoint["name"]] = {
                    "cold": None,
                    "warm": None,
                    "status": [],
                    "error": child.exitcode,
                }
        print("QUERIESJSON " + json.dumps(dict(results)), flush=True)


if __name__ == "__main__":
    main()
