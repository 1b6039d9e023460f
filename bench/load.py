"""Load test on loopback (issue 16): the production server against the development server, same run.

Builds the demo (``hotline demo-data --no-audio``) in a fresh PostgreSQL database of its own (default
``postgres://postgres@127.0.0.1:5432/hotline_speed_load``; ``--keep-data`` reuses it), then for each
server in turn — ``hotline serve --production`` (gunicorn) and ``hotline serve`` (Django's
development server) — starts it on 127.0.0.1, logs ``--users`` simulated users of mixed roles (demo logins of every role)
in through the login form — four at a time, before the measured window, reported apart: PBKDF2 costs
CPU by design — then lets all of them browse their role's pages at once for ``--duration`` seconds
(each user waits ``--think`` seconds on average between pages, uniformly 0.5×–1.5×), stops it, and prints per-page request count, p50/p95 (ms) and errors (HTTP ≥ 400,
timeouts, refused connections) of both servers side by side. Target: 0 errors, every page p95 ≤ 1 s.

The production server runs as deploy/README.md configures it, with the web workers sharing a Redis cache
(``LOAD_CACHE_URL``, default ``redis://127.0.0.1:6379/3``), so the page cache of ``hotline/pagecache.py``
is on; ``--servers production-nocache`` measures the same server without it.

Only loopback is ever addressed; every loop is bounded in time and stops by itself.

    .venv/bin/python bench/load.py [--duration 45] [--users 50] [--think 1.0] [--servers production,production-nocache,development]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotline_speed_load"

# Pages each role opens (all answer 200 for that role in the demo); "/reports/monthly/" redirects to
# the center's latest month.
PAGES = {
    "agent": ["/", "/feedback/my/", "/quality/mine/", "/calls/", "/workforce/my/", "/feedback/inbox/"],
    "team_leader": ["/", "/reports/", "/calls/", "/quality/scores/", "/feedback/inbox/"],
    "qa_monitor": ["/", "/quality/", "/quality/today/", "/calls/", "/feedback/disputes/"],
    "manager": ["/", "/reports/", "/reports/monthly/", "/quality/scores/", "/calls/", "/workforce/"],
    "planner": ["/", "/reports/", "/workforce/", "/workforce/staffing/", "/workforce/intraday/"],
    "trainer": ["/", "/reports/", "/reports/monthly/", "/feedback/training/"],
    "admin": ["/", "/reports/", "/calls/", "/quality/scores/", "/inspection/"],
}
MIX = {"agent": 25, "team_leader": 6, "qa_monitor": 6, "manager": 4, "planner": 3, "trainer": 3, "admin": 3}
HITS = "_page_cache_hits"  # not a page: the answers the page cache gave (header X-Page-Cache: hit)
PASSWORD = "demo1234"  # hotline.demo.org.DEMO_PASSWORD


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def demo_users(env: dict, n_by_role: dict[str, int]) -> list[tuple[str, str]]:
    """(role, username) of demo logins: as many distinct people per role as the mix asks (cycling)."""
    code = (
        "from hotline.org.models import Person\n"
        "from hotline.demo.names import CENTERS\n"
        "for p in Person.objects.filter(center__code__in=[c.code for c in CENTERS], active=True, "
        "user__isnull=False).select_related('user').order_by('work_number'):\n"
        "    print(p.role, p.user.username)\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "hotline", "manage", "shell", "-c", code], env=env, capture_output=True, text=True,
        check=True, timeout=120,
    ).stdout  # fmt: skip
    by_role: dict[str, list[str]] = defaultdict(list)
    for line in out.splitlines():
        role, _, username = line.partition(" ")
        if role in PAGES:
            by_role[role].append(username)
    by_role["admin"] = by_role.get("admin") or ["admin"]
    users = []
    for role, n in n_by_role.items():
        names = by_role.get(role) or []
        for i in range(n if names else 0):
            users.append((role, names[i % len(names)]))
    return users


class Server:
    def __init__(self, kind: str, env: dict, log: Path):
        self.kind, self.port = kind, free_port()
        argv = [sys.executable, "-m", "hotline", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if kind.startswith("production"):
            argv.append("--production")
        if kind == "production":
            # As deploy/README.md configures it: the web workers share a Redis cache (the page cache).
            env = {**env, "HOTLINE_CACHE_URL": os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/3")}
        elif kind == "production-nocache":  # the same server without a shared cache: no page cache
            env = {**env, "HOTLINE_CACHE_URL": "", "CELERY_BROKER_URL": "", "HOTLINE_PAGE_CACHE_SECONDS": "0"}
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(
            argv, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.kind} server exited ({self.proc.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/login/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"{self.kind} server not ready after {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: gunicorn and its workers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


def login(base, username, results, lock):
    """A logged-in opener (the login form, CSRF token and all), or None; the time goes to ``results``."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    t0 = time.perf_counter()
    error = None
    try:
        with opener.open(base + "/login/", timeout=120) as r:
            body = r.read()
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        data = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token.group(1).decode() if token else "", "username": username,
            "password": PASSWORD, "next": "/",
        }).encode()  # fmt: skip
        req = urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"})
        with opener.open(req, timeout=120) as r:
            r.read()
            if urllib.parse.urlparse(r.geturl()).path.startswith("/login/"):
                error = "login refused"
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code}"
    except OSError as exc:
        error = type(exc).__name__
    with lock:
        results["login (GET + POST)"].append((time.perf_counter() - t0, error))
    return None if error else opener


def user_loop(base, opener, role, until, think, results, lock, rng):
    """Browse the role's pages until ``until``: a page, a pause of ``think`` × U(0.5, 1.5), again."""
    pages = PAGES[role]
    time.sleep(rng.uniform(0, think))  # users do not all click at the same instant
    while time.monotonic() < until:
        page = rng.choice(pages)
        t0 = time.perf_counter()
        error = None
        try:
            with opener.open(base + page, timeout=30) as r:
                r.read()
                if urllib.parse.urlparse(r.geturl()).path.startswith("/login/"):
                    error = "redirected to login"
                if r.headers.get("X-Page-Cache") == "hit":
                    with lock:
                        results[HITS].append((0.0, None))
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
        except OSError as exc:
            error = type(exc).__name__
        with lock:
            results[page].append((time.perf_counter() - t0, error))
        pause = think * rng.uniform(0.5, 1.5)
        if time.monotonic() + pause >= until:
            break
        time.sleep(pause)


def drive(server: Server, users, duration: float, think: float, seed: int) -> tuple[dict, dict]:
    """Log every user in (four at a time: password hashing is CPU by design), then the measured window:
    every user browsing at once for ``duration`` seconds."""
    lock = threading.Lock()
    logins: dict[str, list] = defaultdict(list)
    openers: list = [None] * len(users)
    todo = list(range(len(users)))

    def login_worker():
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            openers[i] = login(server.base, users[i][1], logins, lock)

    workers = [threading.Thread(target=login_worker, daemon=True) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=600)
    results: dict[str, list] = defaultdict(list)
    until = time.monotonic() + duration
    threads = [
        threading.Thread(
            target=user_loop, args=(server.base, opener, role, until, think, results, lock, random.Random(seed + i)),
            daemon=True,
        )
        for i, ((role, _), opener) in enumerate(zip(users, openers, strict=True))
        if opener is not None
    ]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, until - time.monotonic() + 35))
    return results, logins


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))] if s else float("nan")


def report(all_results: dict[str, dict]) -> int:
    kinds = list(all_results)
    pages = sorted({p for r in all_results.values() for p in r if p != HITS})
    head = f"{'page':<24}" + "".join(f"{k + ' n  p50  p95 ms  err':>34}" for k in kinds)
    print("\n" + head)
    failures = 0
    worst = {k: (0.0, "") for k in kinds}
    for page in pages:
        line = f"{page:<24}"
        for k in kinds:
            rows = all_results[k].get(page, [])
            times = [t for t, _ in rows]
            errs = sum(1 for _, e in rows if e)
            p50, p95 = pct(times, 0.5) * 1000, pct(times, 0.95) * 1000
            if rows and p95 > worst[k][0]:
                worst[k] = (p95, page)
            line += f"{len(rows):>12} {p50:>6.0f} {p95:>6.0f} {errs:>6}  "
            if k == "production":
                failures += errs + (1 if rows and p95 > 1000 else 0)
        print(line)
    for k in kinds:
        rows = [x for p, r in all_results[k].items() if p != HITS for x in r]
        errors = defaultdict(int)
        for _, e in rows:
            if e:
                errors[e] += 1
        times = [t for t, _ in rows]
        print(
            f"{k}: {len(rows)} requests, p50 {pct(times, 0.5) * 1000:.0f} ms, p95 {pct(times, 0.95) * 1000:.0f} ms, "
            f"worst page p95 {worst[k][0]:.0f} ms ({worst[k][1]}), errors {sum(errors.values())}, "
            f"page cache hits {len(all_results[k].get(HITS, []))}" + (f" {dict(errors)}" if errors else "")
        )
    print(
        "target (production): 0 errors, every page p95 ≤ 1000 ms — " + ("met" if failures == 0 else "NOT met")
    )
    return 0 if failures == 0 else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=45.0, help="seconds of load per server (default 45)")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a user's pages (default 1)"
    )
    ap.add_argument(
        "--servers",
        default="production,development",
        help="production (with the shared Redis cache of deploy/README.md), production-nocache, development",
    )
    ap.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--keep-data", action="store_true", help="reuse the database and demo of an earlier run")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not 1 <= args.duration <= 600 or not 1 <= args.users <= 500:
        ap.error("--duration is 1–600 s and --users 1–500")
    data_dir = Path(tempfile.gettempdir()) / "hotline-load"
    data_dir.mkdir(exist_ok=True)
    env = {
        **os.environ, "DATABASE_URL": args.database_url, "HOTLINE_DATA_DIR": str(data_dir),
        "HOTLINE_SECRET_KEY": secrets.token_urlsafe(50), "HOTLINE_DEBUG": "0", "PYTHONPATH": str(ROOT),
        "HOTLINE_LOG_LEVEL": "WARNING",
    }  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not args.keep_data:
        fresh_database(args.database_url)
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "hotline", "demo-data", "--no-audio", "--force"], env=env, check=True,
                       stdout=subprocess.DEVNULL, timeout=1800)  # fmt: skip
        print(f"demo built on PostgreSQL in {time.monotonic() - t0:.0f} s")
    total = sum(MIX.values())
    mix = {r: max(1, round(n * args.users / total)) for r, n in MIX.items()}
    mix["agent"] += args.users - sum(mix.values())
    users = demo_users(env, mix)
    print(
        f"{len(users)} users: " + ", ".join(f"{r} {n}" for r, n in mix.items()) + f"; think {args.think:g} s"
    )
    all_results, all_logins = {}, {}
    for kind in [k.strip() for k in args.servers.split(",") if k.strip()]:
        if kind not in ("production", "production-nocache", "development"):
            ap.error(f"unknown server '{kind}'")
        server = Server(kind, env, data_dir / f"{kind}.log")
        try:
            server.wait_ready()
            print(f"{kind}: {server.base}, {args.duration:g} s of load …", flush=True)
            all_results[kind], all_logins[kind] = drive(server, users, args.duration, args.think, args.seed)
        finally:
            server.stop()
    for kind, rows in all_logins.items():
        times = [t for t, _ in rows.get("login (GET + POST)", [])]
        errs = sum(1 for _, e in rows.get("login (GET + POST)", []) if e)
        print(f"{kind}: {len(times)} logins before the window, four at a time: p50 {pct(times, 0.5) * 1000:.0f} ms, "
              f"p95 {pct(times, 0.95) * 1000:.0f} ms, {errs} failed")  # fmt: skip
    return report(all_results) or (
        1 if any(e for r in all_logins.values() for _, e in r.get("login (GET + POST)", [])) else 0
    )


if __name__ == "__main__":
    raise SystemExit(main())
