"""Shared pieces of the benchmark and fault scripts: databases, the server, wrk, clean-up.

Everything here starts processes or creates databases that must not outlive the
script, so each of them registers itself with ``Cleanup``, which undoes them in
reverse order on normal exit, on an exception and on Ctrl-C / SIGTERM.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BENCH_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


def say(message=""):
    print(message, flush=True)


class Cleanup:
    """A stack of undo actions run once, whatever way the script ends."""

    def __init__(self):
        self.actions = []
        self.done = False

    def push(self, label, action):
        self.actions.append((label, action))

    def run(self):
        if self.done:
            return
        self.done = True
        while self.actions:
            label, action = self.actions.pop()
            try:
                action()
            except Exception as error:
                say(f"  (sprzątanie: {label}: {error})")

    def __enter__(self):
        def interrupted(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, interrupted)
        # Started in the background by a shell, SIGINT is ignored; Ctrl-C / kill -INT must still clean up.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        return self

    def __exit__(self, *exc):
        # Ctrl-C during clean-up must not leave half of it undone.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self.run()
        finally:
            signal.signal(signal.SIGINT, previous)
        return False


# --- services -----------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_answers(url=REDIS_BENCH_URL):
    """True when Redis at ``url`` answers PING (the cache is then Redis, as in production)."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_flush(url=REDIS_BENCH_URL):
    """Empty the bench's own Redis database (never another one)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def pg_execute(admin_url, *statements):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def fresh_database(cleanup, name, admin_url=PG_ADMIN_URL, keep=False):
    """Create the empty database ``name`` (dropping a leftover one) and return its URL."""
    if not name.startswith("cas_bench"):
        raise ValueError("Bench databases are named cas_bench*")
    pg_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    if not keep:
        cleanup.push(
            f"drop database {name}",
            lambda: pg_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'),
        )
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def server_env(*, database_url, port, media_root, redis=True, extra=None):
    """The environment of a production-settings server on plain http on loopback.

    ``SECURE_SSL_REDIRECT=false``: there is no TLS proxy in front of the bench server.
    ``CAS_RATE_LIMIT=off``: every load client shares 127.0.0.1, which the per-address
    limit of public writes would otherwise stop after 20 bookings; for the same reason
    ``CAS_BOOKING_UNCONFIRMED_PER_CLIENT=0`` lifts the per-client cap of unconfirmed bookings.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cas_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        CAS_RATE_LIMIT="off",
        CAS_BOOKING_UNCONFIRMED_PER_CLIENT="0",
        # Production refuses to start without SMTP; nothing listens on port 9, so the outbox
        # keeps the messages (and their links) instead of printing them.
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="9",
        MEDIA_ROOT=str(media_root),
        # Private files (material packs) next to the media directory, never inside it.
        CAS_PRIVATE_ROOT=f"{media_root}-private",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis and redis_answers():
        env["REDIS_URL"] = REDIS_BENCH_URL
    env.update(extra or {})
    return env


def manage(env, *args, quiet=True):
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout or ''}")
    return result.stdout


def prepare_database(env, *, collectstatic=True):
    say("  migrate…")
    manage(env, "migrate", "--noinput")
    if collectstatic:
        say("  collectstatic…")
        manage(env, "collectstatic", "--noinput")


def seed_items(env, size, *, fault_sessions=False):
    """Top the database up to ``size`` items (bench/seed.py); returns the booking targets' ids."""
    command = [PY, "-m", "bench.seed", "--size", str(size), "--print-sessions"]
    if fault_sessions:
        command.append("--fault-sessions")
    output = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if output.returncode:
        raise RuntimeError(f"seeding failed:\n{output.stdout}\n{output.stderr}")
    sessions = []
    for line in output.stdout.splitlines():
        if line.startswith("SESSIONS "):
            sessions = [int(pk) for pk in line.removeprefix("SESSIONS ").split(",") if pk]
        else:
            say(line)
    if not sessions:
        raise RuntimeError("no bench sessions to book")
    return sessions


def django_json(env, module, *args, marker):
    """Run ``python -m module args`` in the server's environment; return the JSON it printed."""
    output = subprocess.run([PY, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    for line in output.stdout.splitlines():
        if line.startswith(marker + " "):
            return json.loads(line.removeprefix(marker + " "))
    raise RuntimeError(f"{module} failed:\n{output.stdout}\n{output.stderr}")


def static_asset_path(name="css/cas.css"):
    """The hashed URL path whitenoise serves for ``name`` (from the collectstatic manifest)."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][name]


# --- the application server ---------------------------------------------------------------


def child_pids(pid):
    """Process ids whose parent is ``pid`` (from /proc; no psutil needed)."""
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces: the fields after the closing parenthesis are fixed.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry))
    return children


class Gunicorn:
    """``gunicorn cas_site.wsgi`` bound to 127.0.0.1 with production settings."""

    def __init__(self, env, port, workers, log_path, extra_args=()):
        self.env, self.port, self.workers, self.log_path = env, port, workers, log_path
        self.extra_args = list(extra_args)
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, cleanup=None, ready_path="/robots.txt", timeout=90):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "cas_site.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--graceful-timeout",
                "5",
                "--timeout",
                "60",
                "--no-control-socket",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if cleanup is not None:
            cleanup.push(f"gunicorn {self.process.pid}", self.stop)
        self.wait_ready(ready_path, timeout)
        return self

    def wait_ready(self, path="/robots.txt", timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base_url + path, timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {path} within {timeout} s; see {self.log_path}")

    def warm(self, paths, rounds=2, timeout=120):
        """Send each path ``rounds`` × workers times, ``workers`` at a time, so that every
        worker has imported the URLconf, built the API and compiled the templates before
        anything is measured (the first request of a fresh worker takes seconds)."""
        from concurrent.futures import ThreadPoolExecutor

        def get(path):
            try:
                with urllib.request.urlopen(self.base_url + path, timeout=timeout) as response:
                    response.read()
            except (urllib.error.URLError, OSError):
                pass

        with ThreadPoolExecutor(self.workers) as pool:
            for path in paths:
                list(pool.map(get, [path] * (rounds * self.workers)))

    def drain(self, timeout=180):
        """Wait until requests a load generator left queued have been served.

        Sync workers finish a request even after its client hung up, so a run's backlog
        would eat into the next run. One probe per worker, queued behind the backlog,
        returns only when the backlog is gone.
        """
        self.warm(["/robots.txt"], rounds=1, timeout=timeout)

    def worker_pids(self):
        return child_pids(self.process.pid) if self.process else []

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        # Workers left behind by a killed master are ours too (same session).
        self._kill_group()
        self.process = None
        self.log.close()

    def kill(self):
        """``kill -9`` the master and, like a crashed machine would, every worker with it."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait()
        self._kill_group()
        self.process = None
        self.log.close()

    def _kill_group(self):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


# --- wrk -------------------------------------------------------------------------


def ensure_wrk():
    """wrk from Debian; installed with apt-get when missing and we are root (like `make chromium`)."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Instaluję wrk (apt-get)…")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, stdout=subprocess.DEVNULL
        )
    if not shutil.which("wrk"):
        sys.exit("The benchmark needs wrk: sudo apt-get install wrk")


def run_wrk(url, *, duration, connections, threads=2, script=None, script_args=(), timeout=10):
    """Run wrk and return the figures its Lua ``done()`` printed (see bench/wrk/report.lua)."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "-s",
        str(script or BENCH / "wrk" / "report.lua"),
        url,
    ]
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    for line in result.stdout.splitlines():
        if line.startswith("WRKJSON "):
            return json.loads(line.removeprefix("WRKJSON "))
    raise RuntimeError(f"wrk printed no figures:\n{result.stdout}\n{result.stderr}")
