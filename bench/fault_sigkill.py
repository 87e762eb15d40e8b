"""Fault: gunicorn workers killed with SIGKILL under a booking and registration load.

Clients book seats (small sessions that fill up; some without a waiting list) and
register as volunteers, each request a different person, recording every answer.
Every few seconds a random worker gets ``kill -9``; at the end the master itself is
killed and started again. Then the database is checked: every write a client saw
acknowledged is stored as told, no session holds more seats than it has, and no row
is partial or orphaned. Exits with status 1 when any invariant is violated.

    python bench/fault_sigkill.py [--duration 60] [--interval 3] [--workers 4] [--clients 20]
"""

import argparse
import json
import os
import random
import shutil
import signal
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


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of killing workers (default 60)")
    parser.add_argument("--interval", type=float, default=3, help="mean seconds between kills (default 3)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument(
        "--after", type=float, default=5, help="seconds of load after the restart (default 5)"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the cas_bench_sigkill database")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(exist_ok=True)
    rng = random.Random()
    with Cleanup() as cleanup:
        work = Path(tempfile.mkdtemp(prefix="cas-fault-kill-"))
        cleanup.push("temp dir", lambda: shutil.rmtree(work, ignore_errors=True))
        port = free_port()
        database_url = fresh_database(cleanup, "cas_bench_sigkill", keep=args.keep_db)
        env = server_env(database_url=database_url, port=port, media_root=work / "media")
        say(f"Przygotowanie: baza cas_bench_sigkill, gunicorn ×{args.workers} na 127.0.0.1:{port}")
        prepare_database(env)
        sessions = seed_items(env, 20, fault_sessions=True)
        if "REDIS_URL" in env:
            redis_flush()
        server = Gunicorn(env, port, args.workers, RESULTS / f"gunicorn-sigkill-{stamp}.log").start(cleanup)

        load = Load(port, args.clients, Writes(sessions, run=stamp)).start()
        cleanup.push("load", lambda: load.stop(wait=5))
        say(f"Obciążenie: {args.clients} klientów (zapisy na warsztaty i do bazy wolontariuszy)")
        killed, deadline = 0, time.monotonic() + args.duration
        while time.monotonic() < deadline:
            time.sleep(args.interval * rng.uniform(0.5, 1.5))
            workers = server.worker_pids()
            if workers:
                victim = rng.choice(workers)
                try:
                    os.kill(victim, signal.SIGKILL)
                    killed += 1
                except ProcessLookupError:
                    pass
        say(f"  zabito {killed} workerów w {args.duration:.0f} s; teraz kill -9 mastera i start od nowa")
        server.kill()
        restarted = time.time()
        server.start(cleanup)
        ready_at = time.time()
        ready_after = ready_at - restarted
        time.sleep(args.after)
        load.stop()
        server.stop()

        records = list(load.records)
        acks = acknowledged(records)
        acks_path = work / "acks.json"
        acks_path.write_text(json.dumps(acks))
        check = django_json(env, "bench.invariants", str(acks_path), marker="INVARIANTSJSON")
        after_restart = [r for r in records if r.started >= ready_at]
        summary = summarise(records)

        say("")
        say("Wynik (SIGKILL workerów):")
        say(
            f"  żądania wysłane: {len(records)}, potwierdzone zapisy: {len(acks['bookings'])} rezerwacji, "
            f"{len(acks['registrations'])} rejestracji"
        )
        say(f"  workerów zabitych: {killed}; master po kill -9 odpowiadał znowu po {ready_after:.1f} s")
        print_summary(summary)
        errors_after = sum(1 for r in after_restart if r.status is None or r.status >= 500)
        say(f"  po restarcie: {len(after_restart)} żądań, błędów 5xx/połączenia: {errors_after}")
        print_check(check)
        violations = sum(check["violations"].values())
        say(f"  naruszeń niezmienników razem: {violations}")
        say(f"  [{'met' if violations == 0 else 'NOT met'}] no invariant violated after {killed} SIGKILLs")
        result = {
            "started": stamp,
            "settings": vars(args),
            "workers_killed": killed,
            "restart_ready_s": round(ready_after, 2),
            "requests": len(records),
            "summary": summary,
            "after_restart": {"requests": len(after_restart), "errors": errors_after},
            "acknowledged": {k: len(v) for k, v in acks.items()},
            "check": check,
        }
        path = RESULTS / f"fault-sigkill-{stamp}.json"
        path.write_text(json.dumps(result, indent=2))
        say(f"JSON: {path}")
    return 1 if violations else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Przerwano; procesy, bazy i katalogi tymczasowe zostały usunięte.")
        sys.exit(130)
