"""Problem management (SPEC §9, 问题管理): the reason tree, coverage per level, simple vs difficult.

Pure functions over frozen dataclasses; no Django.

- **Reason tree (归档树).** A call's reason text is a path, "订货-修改订单" = 订货 › 修改订单
  (separators "-", "›", ">", "/"; whitespace around parts ignored). ``tree_from_reasons`` builds the tree
  from distinct reason texts; ``node_for`` maps a reason text to the deepest node on its path that exists
  (a reason deeper than the tree lands on its closest ancestor; no match → ``None``, "unarchived").
- **Counts roll up the tree.** ``rollup`` adds each call to its node and every ancestor.
- **Coverage (覆盖率).** At each level — center, department, skill, team — reasons are ranked by call
  volume and the smallest set covering a target share is taken (greedy top-k is minimum-cardinality:
  no k reasons can hold more calls than the k largest). Defaults 80 % at center level rising to 93 % at
  team level; each level's target must be strictly higher than its parent's (``validate_targets``).
- **Simple vs difficult (简单问题/疑难问题).** Per node: first-contact resolution (share of calls with a
  known ``resolved`` flag that were resolved), satisfaction (share of known answers that were satisfied)
  and mean handling time (seconds: talk + hold + after-call work) against the node's reference — its
  parent's figures (the call-weighted average over its siblings), the whole set for a top node. Simple
  when resolution and satisfaction are at or above and time at or below the reference (``Rule``: which
  metrics count and a tolerance). An unknown metric (no data on either side) does not count against.
- **Teams that beat the average.** For a difficult node, the teams whose figures on that node's calls
  pass the same rule against the node's own average (with a minimum number of calls).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

SEPARATOR = "-"
_SPLIT = re.compile(r"\s*(?:-|›|>|/|－)\s*")

LEVELS = ("center", "department", "skill", "team")
DEFAULT_TARGETS: Mapping[str, float] = {"center": 0.80, "department": 0.85, "skill": 0.90, "team": 0.93}


def split_reason(text: str) -> tuple[str, ...]:
    """ "订货-修改订单" → ("订货", "修改订单"); empty parts dropped; "" → ()."""
    return tuple(p for p in _SPLIT.split((text or "").strip()) if p)


def join_path(parts: Iterable[str]) -> str:
    return SEPARATOR.join(parts)


@dataclass(frozen=True)
class ReasonNode:
    """One node: ``key`` is the joined path ("订货-修改订单"), ``level`` 1 for a top node."""

    key: str
    name: str
    parent: str | None
    level: int
    path: tuple[str, ...]


@dataclass(frozen=True)
class ReasonTree:
    nodes: tuple[ReasonNode, ...]
    _by_key: Mapping[str, ReasonNode] = field(default=None, compare=False, repr=False)  # type: ignore[assignment]
    _children: Mapping[str | None, tuple[str, ...]] = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        by_key = {n.key: n for n in self.nodes}
        if len(by_key) != len(self.nodes):
            raise ValueError("duplicate node in reason tree")
        kids: dict[str | None, list[str]] = defaultdict(list)
        for n in self.nodes:
            if n.parent is not None and n.parent not in by_key:
                raise ValueError(f"node {n.key!r}: parent {n.parent!r} missing")
            kids[n.parent].append(n.key)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in kids.items()})

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def node(self, key: str) -> ReasonNode:
        return self._by_key[key]

    def children(self, key: str | None) -> tuple[str, ...]:
        """Children of ``key`` (``None``: the top nodes), in tree order."""
        return self._children.get(key, ())

    def is_leaf(self, key: str) -> bool:
        return not self.children(key)

    def leaves(self) -> tuple[str, ...]:
        return tuple(n.key for n in self.nodes if self.is_leaf(n.key))

    def ancestors(self, key: str) -> tuple[str, ...]:
        """``key`` and its ancestors up to the top node, nearest first."""
        out = []
        k: str | None = key
        while k is not None:
            out.append(k)
            k = self._by_key[k].parent
        return tuple(out)

    def node_for(self, reason: str) -> str | None:
        """The deepest node on the reason's path (None when even the first part is not a node)."""
        parts = split_reason(reason)
        for i in range(len(parts), 0, -1):
            k = join_path(parts[:i])
            if k in self._by_key:
                return k
        return None


def tree_from_paths(paths: Iterable[Iterable[str]]) -> ReasonTree:
    """A tree holding every path and its prefixes, in first-seen order."""
    nodes: dict[str, ReasonNode] = {}
    for p in paths:
        parts = tuple(p)
        for i in range(1, len(parts) + 1):
            key = join_path(parts[:i])
            if key not in nodes:
                parent = join_path(parts[: i - 1]) if i > 1 else None
                nodes[key] = ReasonNode(key, parts[i - 1], parent, i, parts[:i])
    return ReasonTree(tuple(nodes.values()))


def tree_from_reasons(reasons: Iterable[str]) -> ReasonTree:
    """The tree of the distinct reason texts (sorted, so the same set always gives the same tree)."""
    paths = sorted({split_reason(r) for r in reasons} - {()})
    return tree_from_paths(paths)


# --- facts and roll-up ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CallFact:
    """What problem management needs of one call. ``handle_seconds`` = talk + hold + ACW."""

    reason: str
    handle_seconds: float = 0.0
    resolved: bool | None = None
    satisfied: bool | None = None
    team: str = ""


@dataclass(frozen=True)
class Figures:
    """Aggregated figures of a set of calls; rates in [0, 1] or None when nothing is known."""

    calls: int = 0
    resolved_known: int = 0
    resolved: int = 0
    satisfied_known: int = 0
    satisfied: int = 0
    handle_total: float = 0.0

    @property
    def resolution(self) -> float | None:
        return self.resolved / self.resolved_known if self.resolved_known else None

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.satisfied_known if self.satisfied_known else None

    @property
    def handle(self) -> float | None:
        return self.handle_total / self.calls if self.calls else None

    def add(self, f: CallFact) -> Figures:
        return Figures(
            self.calls + 1,
            self.resolved_known + (f.resolved is not None),
            self.resolved + bool(f.resolved),
            self.satisfied_known + (f.satisfied is not None),
            self.satisfied + bool(f.satisfied),
            self.handle_total + float(f.handle_seconds or 0.0),
        )


def figures_of(facts: Iterable[CallFact]) -> Figures:
    out = Figures()
    for f in facts:
        out = out.add(f)
    return out


@dataclass(frozen=True)
class Rollup:
    """Figures per node (each call counted at its node and every ancestor), the whole set, and the
    calls whose reason matched no node (``unmatched``)."""

    by_node: Mapping[str, Figures]
    total: Figures
    unmatched: int

    def get(self, key: str) -> Figures:
        return self.by_node.get(key, Figures())


def rollup(tree: ReasonTree, facts: Iterable[CallFact]) -> Rollup:
    acc: dict[str, Figures] = {}
    total = Figures()
    unmatched = 0
    for f in facts:
        total = total.add(f)
        k = tree.node_for(f.reason)
        if k is None:
            unmatched += 1
            continue
        for a in tree.ancestors(k):
            acc[a] = acc.get(a, Figures()).add(f)
    return Rollup(acc, total, unmatched)


# --- coverage --------------------------------------------------------------------------------------


def validate_targets(targets: Mapping[str, float]) -> dict[str, float]:
    """Each of ``LEVELS`` present, in (0, 1], strictly higher than its parent level's. Returns a copy."""
    out: dict[str, float] = {}
    prev = 0.0
    for level in LEVELS:
        if level not in targets:
            raise ValueError(f"coverage target for {level!r} missing")
        t = float(targets[level])
        if not 0.0 < t <= 1.0:
            raise ValueError(f"coverage target for {level!r} must be in (0, 1], got {t}")
        if t <= prev:
            raise ValueError(f"coverage target for {level!r} ({t}) must be higher than its parent's ({prev})")
        out[level] = prev = t
    return out


@dataclass(frozen=True)
class CoverageRow:
    key: str
    calls: int
    share: float
    cumulative: float
    covering: bool


@dataclass(frozen=True)
class Coverage:
    target: float
    total: int
    rows: tuple[CoverageRow, ...]

    @property
    def covering(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows if r.covering)

    @property
    def covered_share(self) -> float:
        return sum(r.share for r in self.rows if r.covering)


def coverage(counts: Mapping[str, int], target: float) -> Coverage:
    """Reasons ranked by volume (ties by key) and the smallest prefix whose calls reach ``target`` of
    the total (exact integer comparison: covered × 10⁶ ≥ round(target × 10⁶) × total)."""
    if not 0.0 < target <= 1.0:
        raise ValueError(f"target must be in (0, 1], got {target}")
    ranked = sorted(((k, int(n)) for k, n in counts.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))
    total = sum(n for _, n in ranked)
    need = round(target * 1_000_000)
    rows, cum, done = [], 0, total == 0
    for k, n in ranked:
        covering = not done
        cum += n
        if covering and cum * 1_000_000 >= need * total:
            done = True
        rows.append(CoverageRow(k, n, n / total, cum / total, covering))
    return Coverage(target, total, tuple(rows))


def leaf_counts(tree: ReasonTree, roll: Rollup) -> dict[str, int]:
    """Calls per leaf (a call archived at an inner node counts there, as that node's own share)."""
    out: dict[str, int] = {}
    for n in tree.nodes:
        own = roll.get(n.key).calls - sum(roll.get(c).calls for c in tree.children(n.key))
        if own > 0:
            out[n.key] = own
    return out


# --- simple vs difficult ---------------------------------------------------------------------------

METRICS = ("resolution", "satisfaction", "handle")


@dataclass(frozen=True)
class Rule:
    """Which metrics decide "simple" and by how much slack: resolution and satisfaction ≥ reference −
    ``tolerance`` (a share, e.g. 0.02 = two points), handling time ≤ reference × (1 + ``tolerance``)."""

    metrics: tuple[str, ...] = METRICS
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        bad = set(self.metrics) - set(METRICS)
        if bad or not self.metrics:
            raise ValueError(f"rule metrics must be a non-empty subset of {METRICS}")
        if self.tolerance < 0:
            raise ValueError("tolerance must be ≥ 0")

    def failures(self, mine: Figures, ref: Figures) -> tuple[str, ...]:
        """The metrics on which ``mine`` is worse than ``ref`` (unknown on either side: not a failure)."""
        out = []
        for m in self.metrics:
            a, b = getattr(mine, m), getattr(ref, m)
            if a is None or b is None:
                continue
            if m == "handle":
                if a > b * (1 + self.tolerance) + 1e-9:
                    out.append(m)
            elif a < b - self.tolerance - 1e-12:
                out.append(m)
        return tuple(out)


@dataclass(frozen=True)
class Classified:
    key: str
    figures: Figures
    reference: Figures
    simple: bool
    failed: tuple[str, ...]


def classify(
    tree: ReasonTree, roll: Rollup, rule: Rule = Rule(), keys: Iterable[str] | None = None
) -> list[Classified]:
    """Every node with calls (or those in ``keys``) against its parent's figures (top nodes: the total)."""
    out = []
    for k in keys if keys is not None else (n.key for n in tree.nodes):
        mine = roll.get(k)
        if mine.calls == 0:
            continue
        parent = tree.node(k).parent
        ref = roll.get(parent) if parent is not None else roll.total
        failed = rule.failures(mine, ref)
        out.append(Classified(k, mine, ref, not failed, failed))
    return out


@dataclass(frozen=True)
class TeamResult:
    team: str
    figures: Figures
    beats: bool


def teams_on_node(
    tree: ReasonTree,
    key: str,
    facts: Iterable[CallFact],
    rule: Rule = Rule(),
    min_calls: int = 3,
) -> list[TeamResult]:
    """Each team's figures on the calls at ``key`` or below, and whether it beats the node's average
    (passes ``rule`` against it with at least ``min_calls`` calls). Best first: beaters, then by
    resolution, satisfaction, shorter handling time."""
    mine = [f for f in facts if (k := tree.node_for(f.reason)) is not None and key in tree.ancestors(k)]
    node = figures_of(mine)
    per: dict[str, list[CallFact]] = defaultdict(list)
    for f in mine:
        if f.team:
            per[f.team].append(f)
    out = []
    for team, fs in per.items():
        fig = figures_of(fs)
        out.append(TeamResult(team, fig, fig.calls >= min_calls and not rule.failures(fig, node)))

    def rank(t: TeamResult) -> tuple:
        f = t.figures
        return (not t.beats, -(f.resolution or 0), -(f.satisfaction or 0), f.handle or 0, t.team)

    return sorted(out, key=rank)


def group_counts(
    facts: Iterable[CallFact], key: Callable[[CallFact], str | None], tree: ReasonTree
) -> dict[str, dict[str, int]]:
    """Leaf counts per group (e.g. per team) — the input of coverage at one level."""
    groups: dict[str, list[CallFact]] = defaultdict(list)
    for f in facts:
        g = key(f)
        if g:
            groups[g].append(f)
    return {g: leaf_counts(tree, rollup(tree, fs)) for g, fs in groups.items()}


__all__ = [
    "DEFAULT_TARGETS", "LEVELS", "METRICS", "SEPARATOR", "CallFact", "Classified", "Coverage", "CoverageRow",
    "Figures", "ReasonNode", "ReasonTree", "Rollup", "Rule", "TeamResult", "classify", "coverage",
    "figures_of", "group_counts", "join_path", "leaf_counts", "rollup", "split_reason", "teams_on_node",
    "tree_from_paths", "tree_from_reasons", "validate_targets",
]  # fmt: skip
