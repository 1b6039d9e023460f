"""A day-by-day constructive roster used as a CP-SAT hint at scale (SPEC §5).

Given target heads per working shift and day (stage 1 of ``roster_model``), it fills each day's
slots with people allowed by the next-day rule, forcing rest where a day off, the weekly-rest
minimum or the consecutive-day limit demands it, and choosing among candidates by work slack left
in the week, then fewest days worked, nights and weekend days so far (fairness), then a seeded
random tie-break. It ignores the cyclic wrap; CP-SAT repairs or improves the result.
"""

from __future__ import annotations

import random

from .roster import RosterProblem


def greedy_roster(problem: RosterProblem, targets: dict[tuple[int, str], int]) -> dict[str, list[str]]:
    rng = random.Random(problem.seed)
    rest = problem.rest
    D = problem.days
    nights = set(problem.night_shifts())
    weekend = {d - 1 for d in problem.weekend_days()}
    fixed = {(f.person, f.day - 1): f.shift for f in problem.fixed}
    names = [p.name for p in problem.people]
    off = {p.name: {d - 1 for d in p.days_off} for p in problem.people}
    rows: dict[str, list[str]] = {n: [] for n in names}
    worked = dict.fromkeys(names, 0)
    night_count = dict.fromkeys(names, 0)
    weekend_count = dict.fromkeys(names, 0)
    run = dict.fromkeys(names, 0)
    rests_week = dict.fromkeys(names, 0)
    need = problem.min_rest_per_week or 0
    limit = problem.max_consecutive_work
    work_shifts = [s for s in problem.shift_names if s != rest]
    tiebreak = {n: rng.random() for n in names}

    def allowed(person: str, shift: str) -> bool:
        row = rows[person]
        if not row:
            return True
        nxt = problem.next.get(row[-1])
        return nxt is None or shift in nxt

    for d in range(D):
        if d % 7 == 0:
            rests_week = dict.fromkeys(names, 0)
        full_week = d // 7 < D // 7
        left_in_week = 7 - d % 7
        today: dict[str, str] = {}
        free = []
        for n in names:
            if (n, d) in fixed:
                today[n] = fixed[n, d]
            elif d in off[n] or (limit is not None and run[n] >= limit):
                today[n] = rest
            elif full_week and need - rests_week[n] >= left_in_week:
                today[n] = rest
            else:
                free.append(n)
        slots = {s: targets.get((d, s), 0) - sum(1 for v in today.values() if v == s) for s in work_shifts}
        slack = {n: left_in_week - max(0, need - rests_week[n]) if full_week else left_in_week for n in free}
        order = sorted(work_shifts, key=lambda s: sum(1 for n in free if allowed(n, s)))
        for s in order:
            if slots[s] <= 0:
                continue

            def score(n: str, s: str = s, slack=slack, is_weekend=d in weekend) -> tuple:
                return (
                    -slack[n],
                    worked[n],
                    night_count[n] if s in nights else 0,
                    weekend_count[n] if is_weekend else 0,
                    tiebreak[n],
                )

            chosen = sorted((n for n in free if allowed(n, s)), key=score)[: slots[s]]
            for n in chosen:
                today[n] = s
            taken = set(chosen)
            free = [n for n in free if n not in taken]
        for n in free:
            if allowed(n, rest):
                today[n] = rest
            else:
                today[n] = next((s for s in problem.shift_names if allowed(n, s)), rest)
        for n in names:
            s = today[n]
            rows[n].append(s)
            if s == rest:
                run[n] = 0
                rests_week[n] += 1
            else:
                run[n] += 1
                worked[n] += 1
                night_count[n] += s in nights
                weekend_count[n] += d in weekend
    return rows
