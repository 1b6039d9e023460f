"""The CP-SAT model behind ``solve_roster`` (SPEC §5). Imports ortools, so load it lazily.

Variables: ``x[p, d, s]`` = person p works shift s on day d (0-based), exactly one per person-day.
Aggregates ``n[d, s] = Σ_p x[p, d, s]`` carry shift demand and interval coverage, which keeps the
coverage rows short (one term per shift type, not per person).

Objective, lexicographic through weights (each level's weight exceeds the largest possible value
of everything below it):
1. relaxed model only: ``RULE_PENALTY`` per broken personal rule, ``DEMAND_PENALTY`` per head
   short/over on a shift-day;
2. interval coverage shortfall, agent-minutes;
3. fairness: spread (max − min over people) of night shifts plus spread of weekend days worked.

Solver settings are explicit: ``parameters.num_workers`` (the ``num_search_workers`` attribute
is a silent no-op, notes/wfm-anchors §1.1), ``random_seed``, ``max_time_in_seconds``.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from .roster import DEMAND_PENALTY, RULE_PENALTY, RosterProblem, RosterResult
from .roster_check import check_roster, interval_shortfalls, shift_shortfalls, spreads


class _Model:
    def __init__(self, problem: RosterProblem, relaxed: bool, targets: dict | None = None):
        self.pb = problem
        self.relaxed = relaxed
        self.targets = targets
        self.m = cp_model.CpModel()
        self.penalties: list = []  # (weight, expr) of level 1
        P, D, S = len(problem.people), problem.days, problem.shift_names
        m = self.m
        self.x = {(p, d, s): m.NewBoolVar(f"x{p}_{d}_{s}") for p in range(P) for d in range(D) for s in S}
        for p in range(P):
            for d in range(D):
                m.AddExactlyOne(self.x[p, d, s] for s in S)
        self.n = {}
        for d in range(D):
            for s in S:
                v = m.NewIntVar(0, P, f"n{d}_{s}")
                m.Add(v == sum(self.x[p, d, s] for p in range(P)))
                self.n[d, s] = v
        self._demand()
        self._personal()
        self._next_day()
        self._work_rest()
        self.shortfall = self._coverage() if targets is None else self._follow(targets)
        self.fairness = self._fairness()

    def _soft(self, literal_ok, weight: int) -> None:
        """Require ``literal_ok`` (a BoolVar/literal) hard, or penalise its falsity when relaxed."""
        if self.relaxed:
            self.penalties.append(weight * (1 - literal_ok))
        else:
            self.m.Add(literal_ok == 1)

    def _demand(self) -> None:
        pb, m = self.pb, self.m
        for s, per_day in pb.demand.items():
            for d in range(pb.days):
                need, have = per_day[d], self.n[d, s]
                if not self.relaxed:
                    m.Add(have == need) if pb.demand_is == "exact" else m.Add(have >= need)
                    continue
                short = m.NewIntVar(0, need, f"short{d}_{s}")
                m.Add(have + short >= need)
                self.penalties.append(DEMAND_PENALTY * short)
                if pb.demand_is == "exact":
                    over = m.NewIntVar(0, len(pb.people), f"over{d}_{s}")
                    m.Add(have - over <= need)
                    self.penalties.append(DEMAND_PENALTY * over)

    def _personal(self) -> None:
        pb = self.pb
        index = {p.name: i for i, p in enumerate(pb.people)}
        for f in pb.fixed:
            self._soft(self.x[index[f.person], f.day - 1, f.shift], RULE_PENALTY)
        for i, p in enumerate(pb.people):
            for d in set(p.days_off):
                self._soft(self.x[i, d - 1, pb.rest], RULE_PENALTY)

    def _next_day(self) -> None:
        pb, m, x = self.pb, self.m, self.x
        pairs = [(d, d + 1) for d in range(pb.days - 1)]
        if pb.cyclic and pb.days > 1:
            pairs.append((pb.days - 1, 0))
        for a, allowed in pb.next.items():
            if set(allowed) >= set(pb.shift_names):
                continue
            for p in range(len(pb.people)):
                for d, e in pairs:
                    follow = [x[p, e, b] for b in allowed]
                    if self.relaxed:
                        ok = m.NewBoolVar("")
                        m.AddBoolOr([x[p, d, a].Not(), *follow]).OnlyEnforceIf(ok)
                        self.penalties.append(RULE_PENALTY * (1 - ok))
                    else:
                        m.AddBoolOr([x[p, d, a].Not(), *follow])

    def _work_rest(self) -> None:
        pb, m, x = self.pb, self.m, self.x
        D = pb.days
        rests = {(p, d): x[p, d, pb.rest] for p in range(len(pb.people)) for d in range(D)}
        L = pb.max_consecutive_work
        if L is not None and (L < D or pb.cyclic):
            # every window of L+1 consecutive days holds a rest day; non-cyclic windows start at
            # 0..D-L-1 (the last one ends on day D-1), cyclic ones at every day
            starts = range(D) if pb.cyclic else range(D - L)
            for p in range(len(pb.people)):
                for d0 in starts:
                    window = [rests[p, (d0 + k) % D] for k in range(min(L + 1, D))]
                    if self.relaxed:
                        ok = m.NewBoolVar("")
                        m.AddBoolOr(window).OnlyEnforceIf(ok)
                        self.penalties.append(RULE_PENALTY * (1 - ok))
                    else:
                        m.AddBoolOr(window)
        need = pb.min_rest_per_week
        if need:
            for p in range(len(pb.people)):
                for w in range(D // 7):
                    total = sum(rests[p, d] for d in range(7 * w, 7 * w + 7))
                    if self.relaxed:
                        miss = m.NewIntVar(0, need, "")
                        m.Add(total + miss >= need)
                        self.penalties.append(RULE_PENALTY * miss)
                    else:
                        m.Add(total >= need)

    def _coverage(self):
        pb, m = self.pb, self.m
        cov = pb.coverage
        if cov is None:
            return 0
        terms: dict[tuple[int, int], list] = {}
        for (d, s), cells in pb.coverage_minutes().items():
            for e, k, minutes in cells:
                terms.setdefault((e, k), []).append(minutes * self.n[d, s])
        shorts = []
        for e, row in enumerate(cov.demand):
            for k, want in enumerate(row):
                if want <= 0:
                    continue
                need = want * cov.interval_minutes
                short = m.NewIntVar(0, need, f"cov{e}_{k}")
                m.Add(sum(terms.get((e, k), [])) + short >= need)
                shorts.append(short)
        self.max_shortfall = sum(want * cov.interval_minutes for row in cov.demand for want in row)
        return sum(shorts)

    def _follow(self, targets: dict):
        """Stage 2 with coverage: heads per working shift-day should equal the stage-1 counts;
        the deviation (heads) takes the place of the coverage shortfall in the objective."""
        m = self.m
        devs = []
        for (d, s), want in targets.items():
            dev = m.NewIntVar(0, len(self.pb.people), "")
            m.Add(self.n[d, s] - want <= dev)
            m.Add(want - self.n[d, s] <= dev)
            devs.append(dev)
        self.max_shortfall = len(self.pb.people) * len(devs)
        return sum(devs)

    def _fairness(self):
        pb, m, x = self.pb, self.m, self.x
        P = len(pb.people)
        terms = []
        self.max_fairness = 0
        groups = []
        nights = pb.night_shifts()
        if pb.fair_nights and nights and P > 1:
            groups.append([(d, s) for d in range(pb.days) for s in nights])
        weekend = [d - 1 for d in pb.weekend_days()]
        if pb.fair_weekends and weekend and P > 1:
            work = [s for s in pb.shift_names if s != pb.rest]
            groups.append([(d, s) for d in weekend for s in work])
        for cells in groups:
            cap = len({d for d, _ in cells})
            hi = m.NewIntVar(0, cap, "")
            lo = m.NewIntVar(0, cap, "")
            for p in range(P):
                count = sum(x[p, d, s] for d, s in cells)
                m.Add(count <= hi)
                m.Add(count >= lo)
            terms.append(hi - lo)
            self.max_fairness += cap
        return sum(terms) if terms else 0

    def objective(self):
        w_cov = self.max_fairness + 1
        obj = w_cov * self.shortfall + self.fairness
        if self.penalties:
            # level 1 must outweigh every possible coverage + fairness value
            max_below = w_cov * getattr(self, "max_shortfall", 0) + self.max_fairness + 1
            scale = max(1, -(-max_below // DEMAND_PENALTY))
            obj = scale * sum(self.penalties) + obj
        return obj


def _aggregate(problem: RosterProblem, time_limit: float) -> tuple[dict, bool]:
    """Stage 1 with coverage: how many people work each shift on each day (``n[d, s]``) to
    minimise the coverage shortfall, under necessary conditions of the person-level rules (people
    per day, rest days per week, next-day rules between consecutive days' counts, fixed requests
    and days off as lower bounds, shift demand). A relaxation: its optimum bounds the shortfall."""
    m = cp_model.CpModel()
    P, D = len(problem.people), problem.days
    rest = problem.rest
    S = problem.shift_names
    n = {(d, s): m.NewIntVar(0, P, "") for d in range(D) for s in S}
    for d in range(D):
        m.Add(sum(n[d, s] for s in S) == P)
    for (d, s), lo in _lower_bounds(problem).items():
        m.Add(n[d, s] >= lo)
    for s, per_day in problem.demand.items():
        for d in range(D):
            m.Add(n[d, s] == per_day[d]) if problem.demand_is == "exact" else m.Add(n[d, s] >= per_day[d])
    if problem.min_rest_per_week:
        for w in range(D // 7):
            m.Add(sum(n[d, rest] for d in range(7 * w, 7 * w + 7)) >= P * problem.min_rest_per_week)
    pairs = [(d, d + 1) for d in range(D - 1)] + ([(D - 1, 0)] if problem.cyclic and D > 1 else [])
    for a, allowed in problem.next.items():
        banned = [b for b in S if b not in allowed]
        for d, e in pairs:
            if banned:
                m.Add(n[d, a] + sum(n[e, b] for b in banned) <= P)
    terms: dict[tuple[int, int], list] = {}
    for (d, s), cells in problem.coverage_minutes().items():
        for e, k, minutes in cells:
            terms.setdefault((e, k), []).append(minutes * n[d, s])
    shorts = []
    cov = problem.coverage
    for e, row in enumerate(cov.demand):
        for k, want in enumerate(row):
            if want > 0:
                short = m.NewIntVar(0, want * cov.interval_minutes, "")
                m.Add(sum(terms.get((e, k), [])) + short >= want * cov.interval_minutes)
                shorts.append(short)
    m.Minimize(sum(shorts))
    solver = _solver(problem, time_limit)
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, False
    targets = {(d, s): solver.Value(n[d, s]) for d in range(D) for s in S if s != rest}
    return targets, status == cp_model.OPTIMAL


def _lower_bounds(problem: RosterProblem) -> dict[tuple[int, str], int]:
    out: dict[tuple[int, str], int] = {}
    for f in problem.fixed:
        out[f.day - 1, f.shift] = out.get((f.day - 1, f.shift), 0) + 1
    for p in problem.people:
        for d in set(p.days_off):
            out[d - 1, problem.rest] = out.get((d - 1, problem.rest), 0) + 1
    return out


def _solver(problem: RosterProblem, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.num_workers = problem.workers
    prm.random_seed = problem.seed
    prm.max_time_in_seconds = max(0.1, time_limit)
    # Shift-count problems (no coverage) are small: interleaved search makes the roster the same
    # on every run when it finishes before the limit; parallel workers would race to a different
    # optimal roster each time. Coverage problems keep the faster parallel portfolio.
    prm.interleave_search = problem.coverage is None
    return solver


def _run(problem: RosterProblem, relaxed: bool, time_limit: float, targets: dict | None = None):
    built = _Model(problem, relaxed, targets)
    built.m.Minimize(built.objective())
    if targets:
        from .roster_greedy import greedy_roster

        hint = greedy_roster(problem, targets)
        for i, p in enumerate(problem.people):
            for d, chosen in enumerate(hint[p.name]):
                for s in problem.shift_names:
                    built.m.AddHint(built.x[i, d, s], s == chosen)
    solver = _solver(problem, time_limit)
    status = solver.Solve(built.m)
    roster = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        roster = {}
        for i, p in enumerate(problem.people):
            roster[p.name] = tuple(
                next(s for s in problem.shift_names if solver.BooleanValue(built.x[i, d, s]))
                for d in range(problem.days)
            )
    return status, roster, solver, built


def solve(problem: RosterProblem) -> RosterResult:
    """Strict model first; if it is proved infeasible or finds nothing in time, the relaxed model
    (same time limit again) supplies a best-effort roster with named violations."""
    t0 = time.perf_counter()
    targets, stage1_optimal = None, False
    limit = problem.time_limit_s
    if problem.coverage is not None:
        targets, stage1_optimal = _aggregate(problem, 0.2 * limit)
        limit -= time.perf_counter() - t0
    status, roster, solver, built = _run(problem, relaxed=False, time_limit=limit, targets=targets or None)
    if roster is not None:
        label = "optimal" if status == cp_model.OPTIMAL else "feasible"
        if targets and not (stage1_optimal and solver.Value(built.shortfall) == 0):
            label = "feasible"  # optimal counts not reached, or not proved optimal
    else:
        label = "infeasible" if status == cp_model.INFEASIBLE else "unknown"
        _, roster, solver, _ = _run(problem, relaxed=True, time_limit=problem.time_limit_s)
    objective = bound = None
    if roster is not None:
        objective, bound = solver.ObjectiveValue(), solver.BestObjectiveBound()
    roster = roster or {}
    violations = tuple(check_roster(problem, roster)) if roster else ()
    uncovered = shift_shortfalls(problem, roster) if roster and label == "infeasible" else []
    intervals, short_min = interval_shortfalls(problem, roster) if roster else ([], 0)
    night, weekend = spreads(problem, roster)
    return RosterResult(
        status=label,
        roster=roster,
        violations=violations,
        uncovered=tuple(uncovered + intervals),
        objective=objective,
        bound=bound,
        wall_time=time.perf_counter() - t0,
        shortfall_minutes=short_min,
        night_spread=night,
        weekend_spread=weekend,
    )
