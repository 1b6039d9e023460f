"""REST API of problem management (SPEC §9), mounted at ``/api/problems``: the reason tree, coverage
per level, simple/difficult classification with the teams that beat the average, and the knowledge
base (read: analysts and agents; write: managers, QA monitors, trainers) with its links from
evaluations and training entries (who scores the evaluation / plans the training). Same rules as the pages
(``access.py``): the wrong role 403; an unknown object 404; a refused change 400.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from hotline.apitypes import Id
from hotline.core.errors import Forbidden, InvalidInput, NotFound, gettext_noop
from hotline.core.problems import LEVELS, classify, coverage, leaf_counts, teams_on_node

from . import access, selectors
from .models import Article, ArticleLink, TreeVersion
from .services import (
    ProblemError,
    article_link_add,
    article_link_remove,
    article_save,
    tree_build_from_calls,
)

router = Router(tags=["problems"])


def _analyst(request) -> None:
    if not access.can_analyse(request.user):
        raise Forbidden()


class NodeOut(Schema):
    id: int
    path: str
    name: str
    level: int
    parent: str | None


class TreeOut(Schema):
    version: int | None
    nodes: list[NodeOut]


@router.get("/tree", response=TreeOut)
def tree(request, version: Id | None = None):
    _analyst(request)
    v = get_object_or_404(TreeVersion, number=version) if version else (
        selectors.current_version() or tree_build_from_calls(actor=request.user)
    )  # fmt: skip
    if v is None:
        return {"version": None, "nodes": []}
    nodes = v.nodes.order_by("order").values("pk", "path", "name", "level", "parent__path")
    return {
        "version": v.number,
        "nodes": [
            {
                "id": n["pk"],
                "path": n["path"],
                "name": n["name"],
                "level": n["level"],
                "parent": n["parent__path"],
            }
            for n in nodes
        ],
    }


class CoverageRowOut(Schema):
    path: str
    calls: int
    share: float
    cumulative: float
    covering: bool


class CoverageOut(Schema):
    level: str
    scope: str
    scope_name: str
    target: float
    total: int
    covering: list[str]
    rows: list[CoverageRowOut]


@router.get("/coverage", response=list[CoverageOut])
def coverage_list(request, level: str = "center", scope: str | None = None):
    """Coverage of every unit of the level (``scope`` = one unit's key: center/department/team id or skill)."""
    _analyst(request)
    if level not in LEVELS:
        raise InvalidInput(
            gettext_noop("参数 level 应为以下之一：%(levels)s"),
            field="level",
            params={"levels": ", ".join(LEVELS)},
        )
    calls = access.problem_calls(request.user)
    version = selectors.current_version() or tree_build_from_calls(actor=request.user)
    target = selectors.coverage_targets()[level]
    out = []
    for s in selectors.coverage_scopes(calls, level):
        if scope is not None and s.key != scope:
            continue
        a = selectors.analysis_for(calls.filter(s.q), version)
        cov = coverage(leaf_counts(a.tree, a.roll), target)
        out.append({
            "level": level, "scope": s.key, "scope_name": s.label, "target": target, "total": cov.total,
            "covering": list(cov.covering),
            "rows": [{"path": r.key, "calls": r.calls, "share": r.share, "cumulative": r.cumulative,
                      "covering": r.covering} for r in cov.rows],
        })  # fmt: skip
    return out


class TeamOut(Schema):
    team_id: int
    team: str
    calls: int
    resolution: float | None
    satisfaction: float | None
    handle_seconds: float | None


class ClassifiedOut(Schema):
    path: str
    calls: int
    resolution: float | None
    satisfaction: float | None
    handle_seconds: float | None
    simple: bool
    failed: list[str]
    teams_beating: list[TeamOut]


def _fig(f) -> dict:
    return {
        "calls": f.calls,
        "resolution": f.resolution,
        "satisfaction": f.satisfaction,
        "handle_seconds": f.handle,
    }


@router.get("/classification", response=list[ClassifiedOut])
def classification(request, parent: str | None = None):
    """The children of ``parent`` (a node path; none: the top nodes), each against the parent's figures."""
    _analyst(request)
    version = selectors.current_version() or tree_build_from_calls(actor=request.user)
    a = selectors.analysis_for(access.problem_calls(request.user), version)
    if parent is not None and parent not in a.tree:
        raise NotFound(field="parent")
    out = []
    for c in classify(a.tree, a.roll, keys=a.tree.children(parent)):
        teams = [t for t in teams_on_node(a.tree, c.key, a.facts) if t.beats] if not c.simple else []
        names = selectors.team_names([t.team for t in teams])
        out.append({
            "path": c.key, **_fig(c.figures), "simple": c.simple, "failed": list(c.failed),
            "teams_beating": [{"team_id": int(t.team), "team": names.get(t.team, ""), **_fig(t.figures)} for t in teams],
        })  # fmt: skip
    return out


class ArticleOut(Schema):
    id: int
    node_path: str
    kind: str
    title: str
    body: str
    version: int


class ArticleIn(Schema):
    node_path: str
    kind: str = "script"
    title: str
    body: str


def _reader(request) -> None:
    if not access.can_read_kb(request.user):
        raise Forbidden()


@router.get("/articles", response=list[ArticleOut])
def articles(request, q: str = "", node: str = "", kind: str = ""):
    _reader(request)
    return list(selectors.search_articles(q, node, kind)[:500])


@router.get("/articles/{pk}", response=ArticleOut)
def article(request, pk: Id):
    _reader(request)
    return get_object_or_404(Article, pk=pk)


def _save(request, data: ArticleIn, art: Article | None):
    if not access.can_edit_kb(request.user):
        raise Forbidden()
    try:
        return article_save(article=art, actor=request.user, **data.dict())
    except ProblemError:
        raise  # a HotlineError: answered 400 in the reader's language


@router.post("/articles", response={201: ArticleOut})
def article_create(request, data: ArticleIn):
    return Status(201, _save(request, data, None))


@router.put("/articles/{pk}", response=ArticleOut)
def article_update(request, pk: Id, data: ArticleIn):
    _reader(request)
    return _save(request, data, get_object_or_404(Article, pk=pk))


# --- knowledge-base links from evaluations and training entries (§9): same rules as the pages ------


class LinkOut(Schema):
    id: int
    article_id: int
    title: str
    node_path: str
    kind: str
    evaluation: int | None
    item_key: str
    training_entry: int | None
    created_at: dt.datetime


class LinkIn(Schema):
    article: Id
    evaluation: Id | None = None
    training: Id | None = None
    item_key: str = ""


class SuggestionOut(Schema):
    id: int
    title: str
    node_path: str
    kind: str
    linked: bool


def _link_out(link: ArticleLink) -> dict:
    a = link.article
    return {
        "id": link.pk, "article_id": a.pk, "title": a.title, "node_path": a.node_path, "kind": a.kind,
        "evaluation": link.evaluation_id, "item_key": link.item_key, "training_entry": link.training_entry_id,
        "created_at": link.created_at,
    }  # fmt: skip


def _evaluation(request, pk: Id):
    """An evaluation of a session the caller may see (a draft: only who may link from it), else 404."""
    from hotline.quality import access as qa
    from hotline.quality.models import Evaluation

    ev = get_object_or_404(Evaluation.objects.select_related("session", "form", "call"), pk=pk)
    if not qa.visible_sessions(request.user).filter(pk=ev.session_id).exists():
        raise NotFound()
    if not ev.session.submitted and not access.can_link_evaluation(request.user, ev):
        raise NotFound()
    return ev


def _training(request, pk: Id):
    from hotline.feedback import access as fa

    return get_object_or_404(fa.visible_training(request.user), pk=pk)


def _links(**target) -> list[dict]:
    return [_link_out(ln) for ln in ArticleLink.objects.filter(**target).select_related("article")]


@router.get("/evaluations/{pk}/links", response=list[LinkOut])
def evaluation_links(request, pk: Id):
    """The articles linked from an evaluation (anyone who sees its session)."""
    return _links(evaluation=_evaluation(request, pk))


@router.get("/training/{pk}/links", response=list[LinkOut])
def training_links(request, pk: Id):
    """The articles linked from a training-plan entry (anyone who sees the entry)."""
    return _links(training_entry=_training(request, pk))


@router.get("/evaluations/{pk}/suggestions", response=list[SuggestionOut])
def evaluation_suggestions(request, pk: Id):
    """Articles to link from an evaluation (its call's reason node, nearest first; its failed items),
    for who may link from it."""
    ev = _evaluation(request, pk)
    if not access.can_link_evaluation(request.user, ev):
        raise Forbidden()
    linked = set(ArticleLink.objects.filter(evaluation=ev).values_list("article_id", flat=True))
    return [
        {"id": a.pk, "title": a.title, "node_path": a.node_path, "kind": a.kind, "linked": a.pk in linked}
        for a in selectors.evaluation_suggestions(ev)
    ]


@router.post("/links", response={201: LinkOut})
def link_add(request, data: LinkIn):
    """Link an article from an evaluation (optionally one of its items: ``item_key``) or from a
    training entry (``training``); linking twice returns the existing link."""
    article = get_object_or_404(Article, pk=data.article)
    evaluation = entry = None
    if data.evaluation is not None and data.training is None:
        evaluation = _evaluation(request, data.evaluation)
        allowed = access.can_link_evaluation(request.user, evaluation)
    elif data.training is not None and data.evaluation is None:
        entry = _training(request, data.training)
        allowed = access.can_link_training(request.user, entry)
    else:
        raise InvalidInput(gettext_noop("请给出评分或培训条目之一"))
    if not allowed:
        raise Forbidden()
    try:
        link = article_link_add(
            article=article, evaluation=evaluation, training_entry=entry, item_key=data.item_key,
            actor=request.user,
        )  # fmt: skip
    except ProblemError:
        raise  # a HotlineError: answered 400 in the reader's language
    return Status(201, _link_out(link))


@router.delete("/links/{pk}", response={204: None})
def link_remove(request, pk: Id):
    """Remove a link (who may link from its evaluation or training entry)."""
    link = get_object_or_404(
        ArticleLink.objects.select_related("evaluation", "evaluation__session", "training_entry"), pk=pk
    )
    if link.evaluation_id:
        _evaluation(request, link.evaluation_id)
        allowed = access.can_link_evaluation(request.user, link.evaluation)
    else:
        _training(request, link.training_entry_id)
        allowed = access.can_link_training(request.user, link.training_entry)
    if not allowed:
        raise Forbidden()
    article_link_remove(link=link, actor=request.user)
    return Status(204, None)
