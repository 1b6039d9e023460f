"""Real Celery worker processes on Redis for the scaled-out tests and the bench (started, then
stopped, by the caller)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

REDIS = ("127.0.0.1", 6379)
ROOT = Path(__file__).resolve().parents[3]


def redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


def database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def start_workers(n: int, *, database: str, broker: str, data_dir: str, concurrency: int = 1,
                  extra_env: dict | None = None) -> list[subprocess.Popen]:  # fmt: skip
    """``n`` worker processes (each ``concurrency`` children) of the product's Celery app."""
    env = {**os.environ, "DATABASE_URL": database, "CELERY_BROKER_URL": broker, "HOTLINE_JOBS_RUNNER": "celery",
           "HOTLINE_DATA_DIR": data_dir, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "hotline.settings",
           **(extra_env or {})}  # fmt: skip
    env.pop("HOTLINE_TEST_NOW", None)
    procs = []
    for i in range(n):
        cmd = [sys.executable, "-m", "celery", "-A", "hotline.celery:app", "worker", "--pool", "prefork",
               "--concurrency", str(concurrency), "--loglevel", "WARNING", "--hostname", f"hotline-test{i}@%h",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
        procs.append(subprocess.Popen(cmd, env=env, cwd=str(ROOT), start_new_session=True))
    return procs


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)


def purge(broker: str) -> None:
    """Empty the broker's queue (a test's leftovers must not reach the next run)."""
    import redis

    redis.Redis.from_url(broker).flushdb()
