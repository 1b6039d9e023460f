"""``hotline demo-data``: load the demo center (§1–§3, issue 2 item 5), deterministically.

``build_demo`` runs a list of steps (``STEPS``); each step is a name, a ``run(ctx)`` and an optional
``clear(ctx)`` that removes what ``run`` made (called in reverse order by ``force=True``). Another app
adds its demo data with ``register_step(DemoStep("evaluations", run, clear))``; each step draws from
its own generator (``ctx.random(name)`` / ``ctx.numpy(name)``, seeded by the seed and the step
name), so adding a step never changes what the others produce.

The demo's calls run from the first day of the two full calendar months before ``today``'s month
through yesterday (e.g. on 2026-11-23: 2026-09-01 … 2026-11-22, which holds 国庆), ``today`` being the
date in the centers' time zone (Asia/Shanghai), not the machine's. "Last month" data (appraisal,
monthly report, targets, surveys) is for the last full month (``ctx.report_month``); the quality plans
cover every demo half-month and the current one, held up to yesterday (``ctx.today``). The demo is
recognised by its center codes; when they exist the build does nothing unless ``force=True``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np

from . import calldata, org
from .names import CENTERS

ZONE = "Asia/Shanghai"  # the demo centers' time zone


def center_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date (at ``now``, an aware datetime; default the present) in the demo centers' time
    zone: the machine's clock may be in UTC, eight hours behind."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(ZONE)).date()


@dataclass
class DemoStep:
    name: str
    run: Callable[[DemoContext], None]
    clear: Callable[[DemoContext], None] | None = None


@dataclass
class DemoContext:
    seed: int
    days: list[dt.date]
    today: dt.date = field(default_factory=center_today)
    audio: bool = True
    audio_per_agent: int = 2
    agents_per_company: int = org.AGENTS_PER_COMPANY
    show_progress: bool = True
    centers: dict = field(default_factory=dict)  # code → Center
    agents: dict = field(default_factory=dict)  # code → [work numbers]
    counts: dict = field(default_factory=dict)  # label → number, printed at the end
    timings: dict = field(default_factory=dict)  # step → seconds

    @property
    def report_month(self) -> tuple[dt.date, dt.date]:
        """First and last day of the last full calendar month of the demo days (the month before
        today's when the demo reaches yesterday); a demo without a full month end (a short test
        period) uses its last day's month, up to that day."""
        last = self.days[-1]
        end = last if (last + dt.timedelta(days=1)).day == 1 else last.replace(day=1) - dt.timedelta(days=1)
        if end < self.days[0]:
            return last.replace(day=1), last
        return end.replace(day=1), end

    def periods(self, *, finished: bool = False) -> list:
        """The half-month periods of the demo days, in order; ``finished``: only those ended before
        ``today`` (the current half-month is left out)."""
        from hotline.core.periods import Period

        out = sorted({Period.of(d) for d in self.days})
        return [p for p in out if p.end < self.today] if finished else out

    def random(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def numpy(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    @contextlib.contextmanager
    def bar(self, description: str, total: int | None) -> Iterator[Callable[[int], None]]:
        """A rich progress bar on stderr; yields ``advance(n)``."""
        if not self.show_progress:
            yield lambda n: None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn(f"demo {description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task(description, total=total)
            yield lambda n: progress.advance(task, n)


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str, str, str]]
    counts: dict
    timings: dict


STEPS: list[DemoStep] = [
    DemoStep("org", org.build_org, org.clear_org),
    DemoStep("calls", calldata.build_calls, calldata.clear_calls),
    DemoStep("audio", calldata.build_audio),
]


def register_step(step: DemoStep, *, before: str | None = None) -> None:
    """Add a step (at the end, or before the named one); a step of the same name is replaced."""
    for i, s in enumerate(STEPS):
        if s.name == step.name:
            STEPS[i] = step
            return
    if before is None:
        STEPS.append(step)
    else:
        STEPS.insert(next(i for i, s in enumerate(STEPS) if s.name == before), step)


def demo_months(today: dt.date, months: int = 2) -> tuple[dt.date, dt.date]:
    """The demo's first and last day: the first day of the ``months`` full calendar months before
    ``today``'s month, and yesterday (today's month so far)."""
    start = today.replace(day=1)
    for _ in range(months):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, today - dt.timedelta(days=1)


def demo_exists() -> bool:
    from hotline.org.models import Center

    return Center.objects.filter(code__in=[c.code for c in CENTERS]).exists()


def build_demo(
    *,
    seed: int = 20261122,
    force: bool = False,
    audio: bool = True,
    today: dt.date | None = None,
    months: int = 2,
    period: tuple[dt.date, dt.date] | None = None,
    steps: list[str] | None = None,
    agents_per_company: int = org.AGENTS_PER_COMPANY,
    audio_per_agent: int = 2,
    quiet: bool = False,
) -> DemoResult:
    """Load the demo center; returns whether it was created, the demo logins and the counts.

    ``today`` defaults to the date in Asia/Shanghai; ``period`` (first, last date) overrides the
    days before ``today``; ``steps`` limits the run to the named steps (tests); ``quiet`` prints nothing.
    """
    from django.db import transaction

    from hotline.org.models import Center

    today = today or center_today()
    first, last = period or demo_months(today, months)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    ctx = DemoContext(
        seed=seed, days=days, today=today, audio=audio, audio_per_agent=audio_per_agent,
        agents_per_company=agents_per_company, show_progress=not quiet and sys.stderr.isatty(),
    )  # fmt: skip
    chosen = [s for s in STEPS if steps is None or s.name in steps]
    if demo_exists() and not force:
        ctx.centers = {c.code: c for c in Center.objects.filter(code__in=[c.code for c in CENTERS])}
        result = DemoResult(False, org.logins(ctx), {}, {})
        if not quiet:
            print("The demo center is already loaded (hotline demo-data --force rebuilds it).")
            _print_logins(result.logins)
        return result
    if demo_exists():
        ctx.centers = {c.code: c for c in Center.objects.filter(code__in=[c.code for c in CENTERS])}
        for step in reversed(STEPS):
            if step.clear is not None:
                with transaction.atomic():
                    step.clear(ctx)
        ctx.centers = {}
    for step in chosen:
        t0 = time.perf_counter()
        if step.name == "audio":
            step.run(ctx)  # files, not rows: no transaction to hold open
        else:
            with transaction.atomic():
                step.run(ctx)
        ctx.timings[step.name] = round(time.perf_counter() - t0, 1)
        if not quiet:
            print(f"demo: {step.name} done in {ctx.timings[step.name]} s", file=sys.stderr)
    result = DemoResult(True, org.logins(ctx), ctx.counts, ctx.timings)
    if not quiet:
        print(f"Demo center loaded: {first} – {last}, seed {seed}.")
        for label, n in ctx.counts.items():
            print(f"  {label}: {n}")
        _print_logins(result.logins)
    return result


def _print_logins(rows) -> None:
    from hotline.cli.common import print_table

    print_table(
        ["角色 role", "用户名 username", "姓名 name", "密码 password", "可见范围 sees"],
        rows,
        title="Demo logins",
    )


from . import steps_reports  # noqa: E402,F401,I001  (registers the "reports" step: §6, §7)
from . import steps_national  # noqa: E402,F401  (registers the "national" step: §7 national report)
from . import steps_workforce  # noqa: E402,F401  (registers the "workforce" step: §5)
from . import steps_quality  # noqa: E402,F401  (registers the "quality" step: §3)
from . import steps_feedback  # noqa: E402,F401  (registers the "feedback" step: §3.7, §4)
from . import steps_absences  # noqa: E402,F401  (registers the "absences" step before "quality": §3.4)
from . import steps_problems  # noqa: E402,F401  (registers the "problems" step: §9)
from . import steps_inspection  # noqa: E402,F401  (registers the "inspection" step: §8)
from . import steps_five_methods  # noqa: E402,F401  (registers the "five_methods" step: §9 → §3.5)
from . import steps_trust  # noqa: E402,F401  (registers the "trust" step: §4, §3.6)
