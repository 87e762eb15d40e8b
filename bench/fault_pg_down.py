"""Fault: PostgreSQL goes away for a moment under load, then comes back.

The system cluster is shared with other work, so this script starts its own
throwaway PostgreSQL 15 (``initdb`` into a temporary directory, run as the
``postgres`` OS user, on port 25432 or a free one), points gunicorn at it, puts a
mixed load on (reads, bookings, volunteer registrations), stops the database with
``pg_ctl stop -m immediate`` (a crash, no shutdown checkpoint), keeps the load on for
the outage, and starts it again.

It reports what clients got during the outage (expected: 503 with ``Retry-After``,
no other 5xx), how soon the service answered 200 again, and checks the database as
``fault_sigkill`` does: every acknowledged write stored, no partial rows. Exits with
status 1 when an invariant is violated or the service does not recover.

    python bench/fault_pg_down.py [--outage 10] [--before 5] [--after 10] [--clients 12]
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    RESULTS,
    Cleanup,
    Gunicorn,
    django_json,
    free_port,
    fresh_database,
    prepare_database,
    redis_flush,
    say,
    seed_items,
    server_env,
)
from bench.loadgen import Load, Writes, acknowledged, print_check, print_summary, summarise

PG_BIN = Path(os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
READS = ["/api/v3/workshops/", "/api/v3/campaigns/", "/kampanie/", "/warsztaty/", "/"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=10, help="seconds the database is down (default 10)")
    parser.add_argument(
        "--before", type=float, default=5, help="seconds of load before the outage (default 5)"
    )
    parser.add_argument("--after", type=float, default=10, help="seconds of load after recovery (default 10)")
    parser.add_argument("--clients", type=int, default=12, help="concurrent clients (default 12)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    # Below the kernel's ephemeral range (32768–60999): a port inside it can be taken by a
    # client connection's local end during the outage, and the restart then cannot bind it.
    parser.add_argument(
        "--port", type=int, default=25432, help="port of the throwaway PostgreSQL (default 25432)"
    )
    return parser.parse_args(argv)


def port_free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory, owned and run by the ``postgres`` user."""

    def __init__(self, root, port):
        self.root, self.port = root, port
        self.data = root / "data"
        self.log = root / "postgres.log"

    def as_postgres(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command], check=check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def start(self):
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        result = self.as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
            check=False,
        )
        if result.returncode:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed on port {self.port}:\n{result.stdout}\n{log}")

    def stop(self, mode="immediate", check=True):
        return self.as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=check
        )

    def cleanup(self):
        if (self.data / "postmaster.pid").exists():
            self.stop(check=False)

    @property
    def admin_url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def classify(records, down_at, up_at):
    """Records by phase: before the stop, wholly inside the outage, after recovery, across a boundary."""
    phases = {"before": [], "outage": [], "after": [], "boundary": []}
    for r in records:
        if r.finished < down_at:
            phases["before"].append(r)
        elif r.started >= down_at and r.finished <= up_at:
            phases["outage"].append(r)
        elif r.started >= up_at:
            phases["after"].append(r)
        else:
            phases["boundary"].append(r)
    return phases


def main(argv=None):
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(exist_ok=True)
    with Cleanup() as cleanup:
        work = Path(tempfile.mkdtemp(prefix="cas-fault-pg-"))
        cleanup.push("temp dir", lambda: shutil.rmtree(work, ignore_errors=True))
        pg_port = args.port if port_free(args.port) else free_port()
        postgres = ThrowawayPostgres(work, pg_port)
        say(f"Osobny PostgreSQL w {work} na porcie {pg_port} (initdb jako użytkownik postgres)…")
        postgres.init()
        try:
            postgres.start()
        except RuntimeError as error:  # the port was taken between the check and the start
            say(f"  {error}\n  …ponownie na wolnym porcie")
            postgres.port = free_port()
            postgres.start()
        cleanup.push("throwaway postgres", postgres.cleanup)
        database_url = fresh_database(cleanup, "cas_bench_pgdown", admin_url=postgres.admin_url, keep=True)
        port = free_port()
        media = work / "media"
        media.mkdir()
        env = server_env(database_url=database_url, port=port, media_root=media)
        prepare_database(env)
        sessions = seed_items(env, 20, fault_sessions=True)
        if "REDIS_URL" in env:
            redis_flush()
        server = Gunicorn(env, port, args.workers, RESULTS / f"gunicorn-pgdown-{stamp}.log").start(cleanup)
        server.warm(READS, rounds=1)

        load = Load(port, args.clients, Writes(sessions, run=stamp, reads=READS, write_share=0.5)).start()
        cleanup.push("load", lambda: load.stop(wait=5))
        say(
            f"Obciążenie: {args.clients} klientów (połowa odczytów, połowa zapisów) "
            f"przez {args.before:.0f} s…"
        )
        time.sleep(args.before)
        say(f"pg_ctl stop -m immediate; przerwa {args.outage:.0f} s…")
        down_at = time.time()  # answers from here on may already meet the stopping database
        postgres.stop()
        time.sleep(args.outage)
        postgres.start()
        up_at = time.time()
        say(f"PostgreSQL znowu działa; obciążenie jeszcze {args.after:.0f} s…")
        time.sleep(args.after)
        load.stop()
        server.stop()

        records = sorted(load.records, key=lambda r: r.started)
        phases = classify(records, down_at, up_at)
        recovered = next(
            (r.finished - up_at for r in phases["after"] if r.status is not None and r.status < 300), None
        )
        last_window = [r for r in phases["after"] if r.started >= up_at + args.after / 2]
        last_window_bad = sum(1 for r in last_window if r.status is None or r.status >= 500)
        outage_summary = summarise(phases["outage"])
        outage_503_ra = sum(row["503_retry_after"] for row in outage_summary.values())
        outage_other_5xx = sum(row["other_5xx"] + row["503_bare"] for row in outage_summary.values())
        outage_2xx = sum(row["2xx"] for row in outage_summary.values())
        acks = acknowledged(records)
        acks_path = work / "acks.json"
        acks_path.write_text(json.dumps(acks))
        check = django_json(env, "bench.invariants", str(acks_path), marker="INVARIANTSJSON")

        say("")
        say(f"Wynik (PostgreSQL niedostępny przez {up_at - down_at:.1f} s):")
        for name in ("before", "outage", "boundary", "after"):
            say(f" {name}: {len(phases[name])} żądań")
            print_summary(summarise(phases[name]))
        say(
            f"  w czasie przerwy: 503 z Retry-After {outage_503_ra}, inne 5xx {outage_other_5xx}, "
            f"odpowiedzi 2xx (np. z cache) {outage_2xx}"
        )
        say(
            "  pierwsza odpowiedź 2xx po starcie bazy: "
            + (f"po {recovered:.2f} s" if recovered is not None else "BRAK")
            + f"; w ostatnich {args.after / 2:.0f} s: {len(last_window)} żądań, "
            f"5xx/bez odpowiedzi {last_window_bad}"
        )
        print_check(check)
        violations = sum(check["violations"].values())
        say(f"  naruszeń niezmienników razem: {violations}")
        verdicts = {
            "outage answers are 503 with Retry-After, no other 5xx": outage_other_5xx == 0
            and outage_503_ra > 0,
            "service answers 2xx again after recovery, no 5xx in the last half": recovered is not None
            and not last_window_bad,
            "no invariant violated (acknowledged writes stored, no partial rows)": violations == 0,
        }
        for text, met in verdicts.items():
            say(f"  [{'met' if met else 'NOT met'}] {text}")
        result = {
            "started": stamp,
            "settings": vars(args),
            "outage_s": round(up_at - down_at, 2),
            "phases": {name: summarise(items) for name, items in phases.items()},
            "outage": {"503_retry_after": outage_503_ra, "other_5xx": outage_other_5xx, "2xx": outage_2xx},
            "recovered_after_s": recovered,
            "last_window": {"requests": len(last_window), "errors": last_window_bad},
            "acknowledged": {k: len(v) for k, v in acks.items()},
            "check": check,
            "verdicts": verdicts,
        }
        path = RESULTS / f"fault-pgdown-{stamp}.json"
        path.write_text(json.dumps(result, indent=2))
        say(f"JSON: {path}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Przerwano; procesy, bazy i katalogi tymczasowe zostały usunięte.")
        sys.exit(130)
