"""Typed helpers for settings that come from the environment; they fail loudly on bad values."""

from __future__ import annotations

import os
from pathlib import Path

from hotline.core.errors import HotlineError


class SettingError(HotlineError, RuntimeError):
    """A deployment setting (environment variable) is unusable: the process refuses to start."""

    code = "setting"


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingError(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [x.strip() for x in raw.split(",") if x.strip()]


def data_dir() -> Path:
    """Where the SQLite database, recordings and exports live (``HOTLINE_DATA_DIR``, default ./data)."""
    path = Path(os.environ.get("HOTLINE_DATA_DIR", Path.cwd() / "data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- production mode (HOTLINE_PRODUCTION=1, set by `hotline serve --production`) -------------------

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
MIN_SECRET_KEY_LENGTH = 50  # Django's own --deploy check (security.W009): >= 50 characters, >= 5 distinct
MIN_SECRET_KEY_DISTINCT = 5


def production_problems(*, secret_key: str, debug: bool) -> list[str]:
    """Why these settings must not serve production (empty when they may). English, for operators."""
    problems = []
    if not secret_key.strip():
        problems.append("HOTLINE_SECRET_KEY is empty: set a long random secret key.")
    elif secret_key == DEVELOPMENT_SECRET_KEY or secret_key.startswith("django-insecure-"):
        problems.append(
            "HOTLINE_SECRET_KEY is the development key: anyone can forge signed cookies with it. "
            "Set a long random secret key."
        )
    elif len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < MIN_SECRET_KEY_DISTINCT:
        problems.append(
            f"HOTLINE_SECRET_KEY is too short: use at least {MIN_SECRET_KEY_LENGTH} random characters "
            f"(with at least {MIN_SECRET_KEY_DISTINCT} different ones)."
        )
    if debug:
        problems.append("HOTLINE_DEBUG is on: debug pages show settings and code to every visitor. Unset it.")
    if problems and not (len(problems) == 1 and debug):
        problems.append(
            'A key can be made with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return problems
