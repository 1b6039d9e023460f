"""Reads for problem management (§9): the tree of a version, call facts, coverage scopes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from hotline.calls.models import Call
from hotline.calls.selectors import calls_on_node
from hotline.core.problems import (
    DEFAULT_TARGETS,
    LEVELS,
    CallFact,
    ReasonTree,
    validate_targets,
)
from hotline.core.problems import (
    ReasonNode as CoreNode,
)
from hotline.org.models import Center, Department, Team

from .models import Article, TreeVersion


def current_version() -> TreeVersion | None:
    return TreeVersion.objects.order_by("-number").first()


def core_tree(version: TreeVersion | None) -> ReasonTree:
    if version is None:
        return ReasonTree(())
    nodes = list(version.nodes.order_by("order").values("path", "name", "level", "parent__path"))
    return ReasonTree(
        tuple(
            CoreNode(n["path"], n["name"], n["parent__path"], n["level"], tuple(n["path"].split("-")))
            for n in nodes
        )
    )


def node_ids(version: TreeVersion | None) -> dict[str, int]:
    return dict(version.nodes.values_list("path", "pk")) if version else {}


def call_facts(calls: QuerySet[Call]) -> list[CallFact]:
    """One fact per answered call with a reason; ``team`` is the agent's team id (as text)."""
    rows = calls.exclude(reason="").values_list(
        "reason", "talk_seconds", "hold_seconds", "acw_seconds", "resolved", "satisfied", "agent__team_id"
    )
    return [
        CallFact(r, (t or 0) + (h or 0) + (a or 0), res, sat, str(team) if team else "")
        for r, t, h, a, res, sat, team in rows.iterator()
    ]


def coverage_targets() -> dict[str, float]:
    """Settings ``PROBLEM_COVERAGE_TARGETS`` (level → share) or the §9 defaults, validated."""
    return validate_targets(getattr(settings, "PROBLEM_COVERAGE_TARGETS", DEFAULT_TARGETS))


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    q: Q


def coverage_scopes(calls: QuerySet[Call], level: str) -> list[Scope]:
    """The units of one level holding some of ``calls``: centers, departments, skills or teams."""
    if level not in LEVELS:
        raise ValueError(level)
    if level == "center":
        ids = set(calls.values_list("center_id", flat=True).distinct())
        return [Scope(str(c.pk), c.name, Q(center_id=c.pk)) for c in Center.objects.filter(pk__in=ids)]
    if level == "department":
        ids = set(calls.values_list("agent__team__department_id", flat=True).distinct()) - {None}
        return [
            Scope(str(d.pk), d.name, Q(agent__team__department_id=d.pk))
            for d in Department.objects.filter(pk__in=ids)
        ]
    if level == "skill":
        skills = sorted(set(calls.exclude(skill="").values_list("skill", flat=True).distinct()))
        return [Scope(s, s, Q(skill=s)) for s in skills]
    ids = set(calls.values_list("agent__team_id", flat=True).distinct()) - {None}
    return [Scope(str(t.pk), t.name, Q(agent__team_id=t.pk)) for t in Team.objects.filter(pk__in=ids)]


def team_names(ids) -> dict[str, str]:
    return {
        str(pk): name
        for pk, name in Team.objects.filter(pk__in=[int(i) for i in ids if i]).values_list("pk", "name")
    }


def articles_for(path: str) -> QuerySet[Article]:
    return Article.objects.filter(node_path=path)


def article_counts() -> dict[str, int]:
    out: dict[str, int] = {}
    for p in Article.objects.values_list("node_path", flat=True):
        out[p] = out.get(p, 0) + 1
    return out


def search_articles(q: str = "", node_path: str = "", kind: str = "") -> QuerySet[Article]:
    qs = Article.objects.all()
    if q:
        for word in q.split():
            qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word) | Q(node_path__icontains=word))
    if node_path:
        qs = qs.filter(Q(node_path=node_path) | Q(node_path__startswith=node_path + "-"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


@dataclass(frozen=True)
class Analysis:
    """What the pages need: the tree, the visible calls' facts and their roll-up."""

    version: TreeVersion | None
    tree: ReasonTree
    facts: list[CallFact]
    roll: object  # hotline.core.problems.Rollup


def analysis_for(calls: QuerySet[Call], version: TreeVersion | None = None) -> Analysis:
    from hotline.core.problems import rollup

    version = version or current_version()
    tree = core_tree(version)
    facts = call_facts(calls)
    return Analysis(version, tree, facts, rollup(tree, facts))


# --- five methods and knowledge-base links (§9 last items) -------------------------------------------


on_node = calls_on_node  # calls archived on ``path`` or below it (the rule lives with the calls)


def five_methods_candidates(
    calls: QuerySet[Call], path: str, team_id: str, *, agents: int = 5, per_agent: int = 3
):
    """Recorded calls of a team on a node to rate with the five methods: up to ``agents`` agents, each
    with their ``per_agent`` latest calls → ``[(agent Person, [Call, …]), …]``."""
    from hotline.org.models import Person

    qs = calls.filter(on_node(path), agent__team_id=int(team_id), recording__isnull=False)
    ids = list(qs.values_list("agent_id", flat=True).distinct().order_by("agent_id")[:agents])
    out = []
    for person in Person.objects.filter(pk__in=ids).order_by("work_number"):
        latest = list(qs.filter(agent=person).order_by("-started_at", "-pk")[:per_agent])
        out.append((person, latest))
    return out


def five_methods_evaluations(sessions, path: str):
    """Submitted evaluations of five-methods sessions asked for on ``path`` or below, among
    ``sessions`` (the sessions the user may see), best first."""
    from hotline.quality.models import Evaluation, Purpose

    return (
        Evaluation.objects.filter(
            session__in=sessions, session__purpose=Purpose.FIVE_METHODS, version__gt=0, score__isnull=False
        )
        .filter(Q(session__node_path=path) | Q(session__node_path__startswith=path + "-"))
        .select_related("session", "session__agent", "session__agent__team", "call")
        .order_by("-score", "-submitted_at")
    )


def _ancestor_paths(reason: str) -> list[str]:
    parts = [p for p in (reason or "").split("-") if p]
    return ["-".join(parts[: i + 1]) for i in range(len(parts))]


def articles_for_items(item_keys, *, reason: str = "", item_texts=None, limit: int = 8) -> list[Article]:
    """Articles to suggest for an evaluation's items: those whose node is the call's reason or one
    of its ancestors (the nearest node first), then those whose title names one of the items
    (``item_texts``: item key → text, e.g. the failed items of the form)."""
    out: list[Article] = []
    paths = _ancestor_paths(reason)
    if paths:
        depth = {p: i for i, p in enumerate(paths)}
        found = sorted(
            Article.objects.filter(node_path__in=paths), key=lambda a: (-depth[a.node_path], a.title)
        )
        out.extend(found)
    texts = [t for k, t in (item_texts or {}).items() if k in set(item_keys or ()) and t]
    if texts:
        q = Q()
        for t in texts:
            q |= Q(title__icontains=t)
        out.extend(a for a in Article.objects.filter(q) if a not in out)
    return out[:limit]


def evaluation_suggestions(ev, *, limit: int = 8) -> list[Article]:
    """:func:`articles_for_items` for an evaluation: its call's reason and its failed or commented items."""
    texts = {i.key: i.text for i in ev.form.core().items}
    failed = [k for k, v in (ev.answers or {}).items() if v == "no"] + list(ev.comments or {})
    return articles_for_items(failed, reason=ev.call.reason if ev.call else "", item_texts=texts, limit=limit)


def training_suggestions(entry, *, limit: int = 8) -> list[Article]:
    """Articles whose title names the training entry's topic."""
    return list(Article.objects.filter(title__icontains=entry.topic[:20])[:limit]) if entry.topic else []
