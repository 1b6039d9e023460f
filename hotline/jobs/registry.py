"""Job kinds: each app registers its long jobs (in its ``tasks.py``) with who may follow them.

A kind has ``run(job, ctx)`` (the whole job, or the planning step that fans out chunks with
``ctx.fan_out``), optionally ``chunk(job, payload, ctx) -> int`` (one slice; returns the units done)
and ``finish(job) -> dict`` (after the last chunk). Handlers must be idempotent: a job or chunk run
twice for the same inputs changes nothing more than running it once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str
    run: Callable
    label: str
    roles: tuple[str, ...]
    chunk: Callable | None = None
    finish: Callable | None = None
    max_attempts: int = 3


_KINDS: dict[str, Kind] = {}


def register(name: str, *, run, label, roles, chunk=None, finish=None, max_attempts: int = 3) -> Kind:
    kind = Kind(name=name, run=run, label=label, roles=tuple(roles), chunk=chunk, finish=finish,
                max_attempts=max_attempts)  # fmt: skip
    _KINDS[name] = kind
    return kind


def get(name: str) -> Kind:
    if name not in _KINDS:
        discover()
    return _KINDS[name]


def label(name: str):
    kind = _KINDS.get(name)
    return kind.label if kind else _("后台任务")


def discover() -> None:
    """Import every hotline app's ``tasks`` module (where kinds register), as Celery's autodiscovery
    does; by name, so this app depends on none of them."""
    for config in apps.get_app_configs():
        if config.name.startswith("hotline.") and config.name != "hotline.jobs":
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise


def kinds_for_role(role: str) -> list[str]:
    """The kinds whose jobs a person of ``role`` may follow in their own center."""
    if not _KINDS:
        discover()
    return [k.name for k in _KINDS.values() if role in k.roles]
