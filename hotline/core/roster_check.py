"""Independent re-check of a roster against every rule of its problem (SPEC §5).

Written without reference to the CP-SAT model: it walks the roster day by day and person by
person. ``check_roster`` returns named violations of the hard rules; ``shift_shortfalls`` and
``interval_shortfalls`` list demand that is not met (the latter is soft: coverage in heads per
interval, minutes on duty / interval length).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .roster import RosterProblem, Violation


def check_roster(problem: RosterProblem, roster: Mapping[str, Sequence[str]]) -> list[Violation]:
    """Every broken hard rule of ``problem`` in ``roster`` ({person: [shift per day]}), in the order
    structure, demand (by day), then person by person: fixed requests, days off, next-day rules,
    consecutive working days, weekly rest. An empty list means the roster is valid."""
    out: list[Violation] = []
    known = set(problem.shift_names)
    rest = problem.rest
    n = problem.days
    label = problem.day_label

    # structure: every person present, one known shift per day
    ok: dict[str, Sequence[str]] = {}
    for p in problem.people:
        row = roster.get(p.name)
        if row is None:
            out.append(Violation("missing_person", f"{p.name}: not in the roster", p.name))
            continue
        if len(row) != n:
            out.append(Violation("length", f"{p.name}: {len(row)} days in the roster, expected {n}", p.name))
            continue
        bad = False
        for d, s in enumerate(row, start=1):
            if s not in known:
                out.append(
                    Violation("unknown_shift", f"{p.name} {label(d)}: unknown shift {s!r}", p.name, d, s)
                )
                bad = True
        if not bad:
            ok[p.name] = row
    for extra in sorted(set(roster) - {p.name for p in problem.people}):
        out.append(Violation("missing_person", f"{extra}: in the roster but not among the people", extra))

    # shift demand per day
    for d in range(1, n + 1):
        for s, per_day in problem.demand.items():
            need = per_day[d - 1]
            has = sum(1 for row in ok.values() if row[d - 1] == s)
            short = has < need
            over = problem.demand_is == "exact" and has > need
            if short or over:
                word = "needs" if problem.demand_is == "exact" else "needs at least"
                out.append(Violation("demand", f"{label(d)}: {s} {word} {need}, has {has}", None, d, s))

    for p in problem.people:
        row = ok.get(p.name)
        if row is None:
            continue
        for f in sorted((f for f in problem.fixed if f.person == p.name), key=lambda f: f.day):
            d, s = f.day, f.shift
            if row[d - 1] != s:
                out.append(
                    Violation("fixed", f"{p.name} {label(d)}: asked for {s}, has {row[d - 1]}", p.name, d, s)
                )
        for d in sorted(set(p.days_off)):
            if row[d - 1] != rest:
                out.append(
                    Violation(
                        "day_off",
                        f"{p.name} {label(d)}: day off requested, has {row[d - 1]}",
                        p.name,
                        d,
                        row[d - 1],
                    )
                )
        pairs = [(d, d + 1) for d in range(1, n)]
        if problem.cyclic and n > 1:
            pairs.append((n, 1))
        for d, e in pairs:
            a, b = row[d - 1], row[e - 1]
            allowed = problem.next.get(a)
            if allowed is not None and b not in allowed:
                wrap = " (the roster repeats)" if e < d else ""
                out.append(
                    Violation(
                        "next_day",
                        f"{p.name} {label(d)} {a} → {label(e)} {b}{wrap}: after {a} only {'/'.join(allowed) or 'nothing'}",
                        p.name,
                        e,
                        b,
                    )
                )
        out.extend(_consecutive(problem, p.name, row))
        out.extend(_weekly_rest(problem, p.name, row))
    return out


def _consecutive(problem: RosterProblem, who: str, row: Sequence[str]) -> list[Violation]:
    limit = problem.max_consecutive_work
    if limit is None:
        return []
    n = problem.days
    work = [s != problem.rest for s in row]
    if all(work):
        if problem.cyclic or n > limit:
            return [
                Violation("consecutive", f"{who}: works every day, at most {limit} in a row allowed", who)
            ]
        return []
    # runs of work; when cyclic, start scanning just after a rest day so wrapping runs are whole
    start = work.index(False) + 1 if problem.cyclic else 0
    span = n if problem.cyclic else n
    out = []
    run = 0
    run_start = None
    for i in range(span + 1):
        if i < span:
            d = (start + i) % n if problem.cyclic else i
            if work[d]:
                if run == 0:
                    run_start = d
                run += 1
                continue
        if run > limit:
            first = run_start + 1
            last = (run_start + run - 1) % n + 1
            out.append(
                Violation(
                    "consecutive",
                    f"{who}: works {run} days in a row ({problem.day_label(first)} – {problem.day_label(last)}), at most {limit}",
                    who,
                    first,
                )
            )
        run = 0
    return out


def _weekly_rest(problem: RosterProblem, who: str, row: Sequence[str]) -> list[Violation]:
    need = problem.min_rest_per_week
    if not need:
        return []
    out = []
    for w in range(problem.days // 7):
        rests = sum(1 for s in row[7 * w : 7 * w + 7] if s == problem.rest)
        if rests < need:
            out.append(
                Violation(
                    "weekly_rest",
                    f"{who}: week {w + 1} (day {7 * w + 1}–{7 * w + 7}) has {rests} rest days, needs {need}",
                    who,
                    7 * w + 1,
                )
            )
    return out


def shift_shortfalls(problem: RosterProblem, roster: Mapping[str, Sequence[str]]) -> list[dict[str, object]]:
    """Shift-days where fewer people work a shift than its demand: ``{"day", "date"?, "shift",
    "demand", "staffed", "short"}`` (1-based day)."""
    out = []
    for d in range(1, problem.days + 1):
        for s, per_day in problem.demand.items():
            has = sum(1 for row in roster.values() if len(row) >= d and row[d - 1] == s)
            if has < per_day[d - 1]:
                out.append(
                    {
                        "day": d,
                        "label": problem.day_label(d),
                        "shift": s,
                        "demand": per_day[d - 1],
                        "staffed": has,
                        "short": per_day[d - 1] - has,
                    }
                )
    return out


def interval_staffing(problem: RosterProblem, roster: Mapping[str, Sequence[str]]) -> list[list[float]]:
    """Heads on duty per coverage interval, ``[day][interval]``: minutes worked inside the interval
    by everyone, divided by the interval length."""
    cov = problem.coverage
    if cov is None:
        return []
    n_int = len(cov.demand[0])
    minutes = [[0] * n_int for _ in range(problem.days)]
    cells = problem.coverage_minutes()
    for row in roster.values():
        for d, s in enumerate(row):
            for e, k, m in cells.get((d, s), ()):
                minutes[e][k] += m
    return [[m / cov.interval_minutes for m in day] for day in minutes]


def interval_shortfalls(
    problem: RosterProblem, roster: Mapping[str, Sequence[str]]
) -> tuple[list[dict[str, object]], int]:
    """Intervals staffed below their coverage demand, and the total shortfall in agent-minutes."""
    cov = problem.coverage
    if cov is None:
        return [], 0
    staffed = interval_staffing(problem, roster)
    out = []
    total = 0
    for d, (want_row, has_row) in enumerate(zip(cov.demand, staffed, strict=True)):
        for k, (want, has) in enumerate(zip(want_row, has_row, strict=True)):
            if has + 1e-9 < want:
                t0 = cov.start + k * cov.interval_minutes
                t1 = t0 + cov.interval_minutes
                short = want - has
                total += round(short * cov.interval_minutes)
                out.append(
                    {
                        "day": d + 1,
                        "label": problem.day_label(d + 1),
                        "start": _hhmm(t0),
                        "end": _hhmm(t1),
                        "demand": want,
                        "staffed": round(has, 3),
                        "short": round(short, 3),
                    }
                )
    return out, total


def spreads(problem: RosterProblem, roster: Mapping[str, Sequence[str]]) -> tuple[int | None, int | None]:
    """(max − min) over people of night shifts, and of weekend days worked."""
    if not roster:
        return None, None
    nights = set(problem.night_shifts())
    weekend = [d - 1 for d in problem.weekend_days()]
    n_counts = [sum(1 for s in row if s in nights) for row in roster.values()]
    w_counts = [sum(1 for d in weekend if d < len(row) and row[d] != problem.rest) for row in roster.values()]
    return max(n_counts) - min(n_counts), max(w_counts) - min(w_counts)


def _hhmm(minutes: int) -> str:
    day, m = divmod(minutes, 1440)
    text = f"{m // 60:02d}:{m % 60:02d}"
    return text if day == 0 else f"{text}+{day}"
