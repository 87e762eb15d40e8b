"""Lighthouse scores of the built-in website, on production settings with the demo content.

    python bench/lighthouse.py [--presets mobile,desktop] [--keep]

What it does:

1. installs the pinned ``lighthouse`` (bench/package.json) into bench/node_modules when missing;
2. builds a throwaway SQLite database and media directory in a temporary folder, runs
   ``migrate``, ``seed_demo`` and ``collectstatic`` (whitenoise compressed manifest storage);
3. serves the site with gunicorn on 127.0.0.1 and a free port with
   ``cas_site.settings.production`` (DEBUG off; ``SECURE_SSL_REDIRECT=0`` because there is no TLS
   on the loopback); uploaded media, which nginx serves in production, come from whitenoise here;
4. runs Lighthouse with Debian's chromium on the home page, a campaign, a workshop, the
   volunteer registration form and the accessibility statement, for each preset, and prints the
   four category scores.

Reports (JSON) are written to bench/results/lighthouse/. Exit status 1 when a score is below
``--min`` (default 0: report only).
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
RESULTS = BENCH / "results" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# Prints the URLs of one live page of each kind, read from the seeded database.
PAGES_QUERY = """
import json
from campaigns.models import CampaignPage
from campaigns.workshops.models import WorkshopPage
from volunteers.models import JOIN_PATH
print(json.dumps({
    "home": "/",
    "campaign": CampaignPage.objects.live().order_by("pk").first().url,
    "workshop": WorkshopPage.objects.live().order_by("pk").first().url,
    "volunteer-join": JOIN_PATH,
    "statement": "/deklaracja-dostepnosci/",
}))
"""


def application():
    """The production WSGI app plus the media directory (nginx's job in production)."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    app = WhiteNoise(get_wsgi_application(), autorefresh=True, max_age=31_536_000)
    app.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
    return app


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_lighthouse():
    if LIGHTHOUSE.exists():
        return
    print("Instaluję lighthouse (npm ci)…", flush=True)
    command = ["npm", "ci"] if (BENCH / "package-lock.json").exists() else ["npm", "install"]
    subprocess.run([*command, "--no-audit", "--no-fund"], cwd=BENCH, check=True)


def manage(env, *args, capture=False):
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout


def wait_until_up(base, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{base} did not answer within {timeout} s")


def run_lighthouse(url, preset, output):
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME})
    report = json.loads(output.read_text())
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failing = [
        f"{audit['id']} ({audit['score']})"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default="mobile,desktop")
    parser.add_argument("--min", type=int, default=0, help="fail when any score is below this")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and media")
    options = parser.parse_args()
    if not Path(CHROME).exists():
        raise SystemExit(f"Lighthouse needs chromium at {CHROME} (sudo apt-get install chromium)")
    ensure_lighthouse()

    workdir = Path(tempfile.mkdtemp(prefix="cas-lighthouse-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cas_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "CAS_PRIVATE_ROOT": str(workdir / "private"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_HOST": "127.0.0.1",  # production refuses to start without SMTP; nothing listens on 9
        "EMAIL_PORT": "9",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{BENCH}",
    }
    env.pop("REDIS_URL", None)
    print(f"Przygotowuję bazę demonstracyjną w {workdir}…", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", capture=True)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    pages = json.loads(manage(env, "shell", "-c", PAGES_QUERY, capture=True).strip().splitlines()[-1])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "lighthouse:application()",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    rows = []
    try:
        wait_until_up(base, server)
        for path in pages.values():  # render once so image renditions exist before measuring
            urllib.request.urlopen(base + path, timeout=30).read()
        RESULTS.mkdir(parents=True, exist_ok=True)
        for preset in options.presets.split(","):
            for name, path in pages.items():
                print(f"lighthouse {preset} {path}", flush=True)
                scores, failing = run_lighthouse(base + path, preset, RESULTS / f"{name}-{preset}.json")
                rows.append((name, path, preset, scores, failing))
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"{'strona':<16}{'preset':<9}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, _path, preset, scores, _failing in rows:
        print(f"{name:<16}{preset:<9}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
    for name, _path, preset, _scores, failing in rows:
        if failing:
            print(f"  {name}/{preset}: {', '.join(failing)}")
    lowest = min(min(r[3].values()) for r in rows)
    print(f"\nRaporty: {RESULTS}")
    return 1 if lowest < options.min else 0


if __name__ == "__main__":
    sys.exit(main())
