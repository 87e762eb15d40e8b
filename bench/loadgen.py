"""A small threaded load generator that records every answer (for the fault scripts).

wrk measures throughput well but cannot tell which answer belongs to which request
body; the fault scripts need exactly that (which person got which booking reference),
so they use this instead. Each client thread sends one request at a time on a fresh
connection (gunicorn's sync workers close it after every answer anyway).
"""

import contextlib
import http.client
import itertools
import json
import random
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Record:
    kind: str
    method: str
    path: str
    started: float
    finished: float
    status: int | None = None  # None: no HTTP answer (connection refused/reset, timeout)
    error: str = ""
    retry_after: str | None = None
    body: dict = field(default_factory=dict)
    sent: dict = field(default_factory=dict)


class Load:
    """``clients`` threads calling ``next_request()`` until ``stop()``; every answer is kept."""

    def __init__(self, port, clients, next_request, timeout=30):
        self.port, self.clients, self.next_request, self.timeout = port, clients, next_request, timeout
        self.records = []
        self._stop = threading.Event()
        self._threads = []

    def start(self):
        for number in range(self.clients):
            thread = threading.Thread(target=self._client, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, wait=60):
        self._stop.set()
        for thread in self._threads:
            thread.join(wait)

    def _client(self, number):
        while not self._stop.is_set():
            kind, method, path, payload = self.next_request(number)
            self.records.append(self.send(kind, method, path, payload))

    def send(self, kind, method, path, payload=None):
        started = time.time()
        record = Record(kind, method, path, started, started, sent=payload or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            body = json.dumps(payload) if payload is not None else None
            headers = {"Content-Type": "application/json", "Accept": "application/json"} if body else {}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            record.status = response.status
            record.retry_after = response.getheader("Retry-After")
            if "json" in (response.getheader("Content-Type") or ""):
                with contextlib.suppress(ValueError):
                    record.body = json.loads(data)
        except (OSError, http.client.HTTPException) as error:
            record.error = type(error).__name__
            time.sleep(0.05)  # a refused connection returns at once; do not spin
        finally:
            connection.close()
            record.finished = time.time()
        return record


class Writes:
    """Distinct people booking sessions and registering as volunteers, plus some reads."""

    def __init__(self, sessions, run, reads=(), write_share=1.0, district="srodmiescie"):
        self.sessions, self.run, self.reads = list(sessions), run, list(reads)
        self.write_share, self.district = write_share, district
        self.counter = itertools.count()
        self.random = random.Random(run)

    def __call__(self, client):
        number = next(self.counter)
        roll = self.random.random()
        if self.reads and roll >= self.write_share:
            return "read", "GET", self.random.choice(self.reads), None
        email = f"fault-{self.run}-{client}-{number}@example.org"
        if number % 3 == 2:
            return (
                "registration",
                "POST",
                "/api/v3/volunteers/",
                {
                    "first_name": "Ola",
                    "email": email,
                    "birth_year": 1995,
                    "district": self.district,
                    "consents": {"terms": True, "data_processing": True},
                },
            )
        return (
            "booking",
            "POST",
            "/api/v3/bookings/",
            {
                "session": self.random.choice(self.sessions),
                "name": f"Osoba Testowa {number}",
                "email": email,
                "birth_year": 1990,
                "consents": {"terms": True},
            },
        )


def acknowledged(records):
    """The writes the clients saw accepted: bookings with a reference, registrations with 202."""
    acks = {"bookings": [], "registrations": []}
    for r in records:
        if r.kind == "booking" and r.status == 201 and r.body.get("reference"):
            acks["bookings"].append(
                {"reference": r.body["reference"], "email": r.sent["email"], "status": r.body.get("status")}
            )
        elif r.kind == "registration" and r.status == 202:
            acks["registrations"].append({"email": r.sent["email"]})
    return acks


def summarise(records):
    """Counts by kind and outcome: 2xx, 4xx, 503 (with/without Retry-After), other 5xx, no answer."""
    summary = {}
    for r in records:
        row = summary.setdefault(
            r.kind,
            {
                "sent": 0,
                "2xx": 0,
                "4xx": 0,
                "503_retry_after": 0,
                "503_bare": 0,
                "other_5xx": 0,
                "no_answer": 0,
                "statuses": {},
            },
        )
        row["sent"] += 1
        key = str(r.status) if r.status is not None else r.error
        row["statuses"][key] = row["statuses"].get(key, 0) + 1
        if r.status is None:
            row["no_answer"] += 1
        elif r.status < 300:
            row["2xx"] += 1
        elif r.status == 503:
            row["503_retry_after" if r.retry_after else "503_bare"] += 1
        elif r.status >= 500:
            row["other_5xx"] += 1
        else:
            row["4xx"] += 1
    return summary


def print_summary(summary):
    print(
        f"  {'':14} {'sent':>6} {'2xx':>6} {'4xx':>6} {'503+RA':>7} {'503':>5} {'5xx':>5} {'no answer':>10}"
    )
    for kind, row in summary.items():
        print(
            f"  {kind:14} {row['sent']:>6} {row['2xx']:>6} {row['4xx']:>6} {row['503_retry_after']:>7} "
            f"{row['503_bare']:>5} {row['other_5xx']:>5} {row['no_answer']:>10}   "
            + ", ".join(f"{k}×{v}" for k, v in sorted(row["statuses"].items()))
        )


def print_check(check):
    print("  niezmienniki (muszą być 0):")
    for name, value in check["violations"].items():
        print(f"    {name:42} {value}{'' if value == 0 else '  <-- NARUSZENIE'}")
    print("  do obejrzenia:")
    for name, value in {**check["warnings"], **check["figures"]}.items():
        print(f"    {name:42} {value}")
