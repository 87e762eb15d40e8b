"""`make bench`: throughput and latency of the main pages and API endpoints under gunicorn.

For each size (campaigns = workshop sessions = opportunities = N) the script tops up a
fresh PostgreSQL database, counts SQL queries per request in-process, starts gunicorn
with production settings on loopback, and loads each endpoint with wrk: first a short
warm-up, then the measured run. A static file served by whitenoise in the same server is
the ceiling every other endpoint is compared with. Figures go to the terminal and to
bench/results/bench-<time>.json.

    python bench/run.py [--sizes 50,500,5000] [--duration 10] [--warmup 2] [--workers N] [--quick]
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH,
    PY,
    RESULTS,
    ROOT,
    Cleanup,
    Gunicorn,
    ensure_wrk,
    free_port,
    fresh_database,
    manage,
    prepare_database,
    redis_flush,
    run_wrk,
    say,
    seed_items,
    server_env,
    static_asset_path,
)

DEMO_CAMPAIGN = "bezpieczny-internet"  # seeded by campaigns/seed.py, has materials (for the pack)
BOOKING_BODY = (
    '{"session": %s, "name": "Osoba Testowa", "email": "bench-q-{unique}@example.org", '
    '"birth_year": 1990, "consents": {"terms": true}}'
)

PACK_CEILING_PATH = "/static/bench/pack-ceiling.zip"

#: name, what the table calls it, method, path (None: filled in at run time), target group
ENDPOINTS = [
    ("static", "plik statyczny (sufit)", "GET", None, "ceiling"),
    ("home", "strona główna /", "GET", "/", None),
    ("campaign_list", "lista kampanii /kampanie/", "GET", "/kampanie/", "listing"),
    ("workshop_list", "lista warsztatów /warsztaty/", "GET", "/warsztaty/", "listing"),
    ("campaign_page", "strona kampanii", "GET", f"/kampanie/{DEMO_CAMPAIGN}/", None),
    ("api_campaigns", "API campaigns/", "GET", "/api/v3/campaigns/", "api"),
    ("api_workshops", "API workshops/", "GET", "/api/v3/workshops/", "api"),
    ("api_opportunities", "API opportunities/", "GET", "/api/v3/opportunities/", "api"),
    ("booking", "API POST bookings/", "POST", "/api/v3/bookings/", "booking"),
    # The pack is a few hundred kilobytes: its fair ceiling is whitenoise serving the same bytes.
    ("static_pack", "plik statyczny = paczka (sufit)", "GET", PACK_CEILING_PATH, "ceiling"),
    ("pack", "paczka materiałów ZIP", "GET", f"/kampanie/{DEMO_CAMPAIGN}/materialy.zip", "pack"),
]

TARGETS = {
    "api": ("API lists ≥35 % of the static ceiling", 0.35),
    "listing": ("listing pages ≥25 % of the static ceiling", 0.25),
    "pack": ("pack download ≥50 % of whitenoise serving the same bytes", 0.50),
}
BOOKING_P99_MS = 200


def parse_args(argv=None):
    cores = os.cpu_count() or 2
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="50,500,5000", help="comma-separated item counts (default 50,500,5000)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of each measured run (default 10)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up before each run (default 2)"
    )
    parser.add_argument(
        "--workers", type=int, default=2 * cores, help=f"gunicorn workers (default 2 × cores = {2 * cores})"
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections for reads (default 16)")
    parser.add_argument(
        "--booking-clients", type=int, default=50, help="concurrent clients POSTing bookings (default 50)"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--quick", action="store_true", help="one size (50), 3 s runs, 1 s warm-up")
    parser.add_argument(
        "--no-response-cache",
        action="store_true",
        help="switch the shared response cache off (CAS_RESPONSE_CACHE_SECONDS=0) to measure rendering",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the cas_bench_run database afterwards")
    parser.add_argument("--only", default="", help="comma-separated endpoint names to measure")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.duration, args.warmup = "50", 3, 1
    args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    return args


def count_queries(env, endpoints, sessions):
    first_session = sessions.split(",")[0]
    payload = [
        {
            "name": name,
            "method": method,
            "path": path,
            "body": BOOKING_BODY.replace("%s", first_session) if method == "POST" else "",
        }
        for name, _label, method, path, _group in endpoints
    ]
    output = subprocess.run(
        [PY, "-m", "bench.queries", json.dumps(payload)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for line in output.stdout.splitlines():
        if line.startswith("QUERIESJSON "):
            return json.loads(line.removeprefix("QUERIESJSON "))
    raise RuntimeError(f"query counting failed:\n{output.stdout}\n{output.stderr}")


def measure(server, endpoint, args, sessions, tag):
    _name, _label, method, path, _group = endpoint
    url = server.base_url + path
    if method == "POST":
        options = {
            "connections": args.booking_clients,
            "script": BENCH / "wrk" / "booking.lua",
        }
        warm_args, run_args = (sessions, f"{tag}w"), (sessions, f"{tag}m")
    else:
        options = {"connections": args.connections}
        warm_args = run_args = ()
    if args.warmup:
        run_wrk(url, duration=args.warmup, threads=args.threads, script_args=warm_args, **options)
        server.drain()
    figures = run_wrk(url, duration=args.duration, threads=args.threads, script_args=run_args, **options)
    server.drain()
    seconds = figures["duration_us"] / 1e6
    return {
        "requests": figures["requests"],
        "rps": figures["requests"] / seconds if seconds else 0.0,
        "p50_ms": figures["p50_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000,
        "mb_per_s": figures["bytes"] / seconds / 1e6 if seconds else 0.0,
        "errors": {
            key: figures[key]
            for key in (
                "connect_errors",
                "read_errors",
                "write_errors",
                "status_errors",
                "timeouts",
                "server_errors",
            )
            if figures[key]
        },
        "connections": options["connections"],
    }


def fmt_queries(q):
    if not q or q.get("warm") is None:
        return "?"
    return f"{q['warm']} / {q['cold']}"


def print_table(rows):
    header = (
        f"{'endpoint':30} {'size':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} "
        f"{'SQL warm/cold':>13}  notes"
    )
    say(header)
    say("-" * len(header))
    for row in rows:
        ratio = f"{row['ratio']:.0%}" if row.get("ratio") is not None else "—"
        notes = []
        if row["errors"]:
            notes.append(", ".join(f"{k}={v}" for k, v in row["errors"].items()))
        if row["status"] and any(s >= 400 for s in row["status"]):
            notes.append(f"in-process status {row['status']}")
        if row["name"] == "booking":
            notes.append(f"{row['connections']} clients")
        if row["name"] == "pack":
            notes.append(f"{row['mb_per_s']:.0f} MB/s")
        say(
            f"{row['label']:30} {row['size']:>5} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {ratio:>6} {fmt_queries(row['queries']):>13}  {'; '.join(notes)}"
        )


def evaluate_targets(rows, sizes):
    """Each target: its text, the figure that decides it, and met / not met / n/a."""
    results = []
    by_name = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    if len(sizes) < 2:
        results.append(
            {"target": "query counts constant across sizes", "met": None, "detail": "needs ≥2 sizes"}
        )
    else:
        changing = [
            f"{name}: warm {[r['queries'].get('warm') for r in group]}, "
            f"cold {[r['queries'].get('cold') for r in group]}"
            for name, group in by_name.items()
            if len({r["queries"].get("warm") for r in group}) > 1
            or len({r["queries"].get("cold") for r in group}) > 1
        ]
        results.append(
            {
                "target": "query counts constant across sizes",
                "met": not changing,
                "detail": "; ".join(changing) or "all equal",
            }
        )
    for group, (text, minimum) in TARGETS.items():
        measured = [r for r in rows if r["group"] == group and r.get("ratio") is not None]
        if not measured:
            continue
        worst = min(measured, key=lambda r: r["ratio"])
        results.append(
            {
                "target": text,
                "met": worst["ratio"] >= minimum,
                "detail": f"lowest {worst['ratio']:.0%} ({worst['label']}, size {worst['size']})",
            }
        )
    bookings = [r for r in rows if r["group"] == "booking"]
    if bookings:
        worst = max(bookings, key=lambda r: r["p99_ms"])
        results.append(
            {
                "target": f"booking p99 <{BOOKING_P99_MS} ms with {worst['connections']} concurrent clients",
                "met": worst["p99_ms"] < BOOKING_P99_MS and not worst["errors"] and worst["requests"] > 0,
                "detail": f"highest p99 {worst['p99_ms']:.0f} ms (size {worst['size']})"
                + (f", errors {worst['errors']}" if worst["errors"] else ""),
            }
        )
    return results


def copy_pack_ceiling(private, cleanup):
    """Put a copy of the built pack among the collected static files (before gunicorn starts,
    as whitenoise lists them at start-up), so the pack is compared with the same bytes.
    Packs themselves live in private storage (CAS_PRIVATE_ROOT), never in served media."""
    packs = sorted(private.rglob("*.zip"), key=lambda p: p.stat().st_mtime)
    if not packs:
        raise RuntimeError("the pack was not built by the first request")
    target = ROOT / "staticfiles" / PACK_CEILING_PATH.removeprefix("/static/")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(packs[-1], target)
    cleanup.push("pack ceiling", lambda: shutil.rmtree(target.parent, ignore_errors=True))
    say(f"  sufit paczki: {packs[-1].name} ({packs[-1].stat().st_size // 1024} kB) jako plik statyczny")


def git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""


def main(argv=None):
    args = parse_args(argv)
    only = set(args.only.split(",")) if args.only else set()
    if "pack" in only:
        only.add("static_pack")
    endpoints = [e for e in ENDPOINTS if not only or e[0] in only or e[0] == "static"]
    ensure_wrk()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    started = time.monotonic()
    rows = []
    with Cleanup() as cleanup:
        media = Path(tempfile.mkdtemp(prefix="cas-bench-media-"))
        cleanup.push("media", lambda: shutil.rmtree(media, ignore_errors=True))
        private = Path(tempfile.mkdtemp(prefix="cas-bench-private-"))
        cleanup.push("private files", lambda: shutil.rmtree(private, ignore_errors=True))
        port = free_port()
        say(f"Baza danych cas_bench_run, gunicorn ×{args.workers} na 127.0.0.1:{port}, rozmiary {args.sizes}")
        database_url = fresh_database(cleanup, "cas_bench_run", keep=args.keep_db)
        extra = {"CAS_PRIVATE_ROOT": str(private)}
        if args.no_response_cache:
            extra["CAS_RESPONSE_CACHE_SECONDS"] = "0"
        env = server_env(database_url=database_url, port=port, media_root=media, extra=extra)
        redis = "REDIS_URL" in env
        say(f"  cache: {'Redis ' + env['REDIS_URL'] if redis else 'pamięć lokalna (Redis nie odpowiada)'}")
        prepare_database(env)
        say("  treści demonstracyjne…")
        manage(env, "seed_demo")
        static_path = static_asset_path()
        endpoints = [(n, label, m, p or static_path, g) for n, label, m, p, g in endpoints]
        log_path = RESULTS / f"gunicorn-{stamp}.log"
        for size in args.sizes:
            say(f"\n== {size} kampanii / terminów / ofert ==")
            sessions = ",".join(map(str, seed_items(env, size)))
            if redis:
                redis_flush()
            say("  zapytania SQL na żądanie (w procesie, zimne i ciepłe)…")
            if size == args.sizes[0]:
                # Once per database, not per size: image renditions, the pack ZIP, counter rows.
                count_queries(env, endpoints, sessions)
                copy_pack_ceiling(private, cleanup)
            queries = count_queries(env, endpoints, sessions)
            if redis:
                redis_flush()
            server = Gunicorn(env, port, args.workers, log_path).start(cleanup)
            say("  rozgrzewanie workerów…")
            server.warm([path for _n, _l, method, path, _g in endpoints if method == "GET"])
            ceiling = pack_ceiling = None
            for endpoint in endpoints:
                name, label, method, path, group = endpoint
                say(f"  wrk {method} {path} …")
                figures = measure(server, endpoint, args, sessions, tag=f"{stamp}-{size}")
                if name == "static":
                    ceiling = figures["rps"]
                if name == "static_pack":
                    pack_ceiling = figures["rps"]
                base = pack_ceiling if name == "pack" else ceiling
                row = {
                    "name": name,
                    "label": label,
                    "group": group,
                    "method": method,
                    "path": path,
                    "size": size,
                    **figures,
                    "ratio": figures["rps"] / base if base and name != "static" else None,
                    "queries": queries.get(name, {}),
                    "status": queries.get(name, {}).get("status", []),
                }
                rows.append(row)
            server.stop()
    say("")
    say(
        f"Wyniki ({args.workers} workerów gunicorn, wrk {args.threads} wątki, {args.connections} połączeń "
        f"dla odczytów, {args.duration} s po {args.warmup} s rozgrzewki; maszyna: {os.cpu_count()} rdzenie, "
        f"load {os.getloadavg()[0]:.1f}):"
    )
    print_table(rows)
    targets = evaluate_targets(rows, args.sizes)
    say("")
    say("Cele:")
    for t in targets:
        verdict = {True: "met", False: "NOT met", None: "n/a"}[t["met"]]
        say(f"  [{verdict}] {t['target']} — {t['detail']}")
    result = {
        "started": stamp,
        "seconds": round(time.monotonic() - started, 1),
        "commit": git_commit(),
        "machine": {
            "cores": os.cpu_count(),
            "load_1min_at_end": os.getloadavg()[0],
            "python": platform.python_version(),
        },
        "settings": {
            "workers": args.workers,
            "sizes": args.sizes,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "read_connections": args.connections,
            "booking_clients": args.booking_clients,
            "wrk_threads": args.threads,
            "cache": "redis" if redis else "locmem",
            "response_cache": not args.no_response_cache,
        },
        "rows": rows,
        "targets": targets,
    }
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    say(f"\nJSON: {path.relative_to(ROOT)}  ({result['seconds']:.0f} s)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("Przerwano; procesy, bazy i katalogi tymczasowe zostały usunięte.")
        sys.exit(130)
