"""Pages of problem management (§9): tree, node, coverage, simple/difficult, knowledge base (thin)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hotline.core.problems import LEVELS, classify, coverage, leaf_counts, teams_on_node
from hotline.quality import access as qa_access

from . import access, charts, selectors
from .models import Article, ProblemOwner, ReasonNode, TreeVersion
from .services import ProblemError, article_save, tree_build_from_calls, tree_save_version

LEVEL_LABELS = {"center": _("中心"), "department": _("科室"), "skill": _("技能"), "team": _("班组")}


def _analyst(request) -> None:
    if not access.can_analyse(request.user):
        raise PermissionDenied


def _int(text: str) -> int:
    if not text.isdigit():
        raise Http404
    return int(text)


def _version(request) -> TreeVersion | None:
    return selectors.current_version() or tree_build_from_calls(actor=request.user)


def _rows(a, keys, ids, counts):
    """Table rows for nodes: figures and simple/difficult against the parent."""
    got = {c.key: c for c in classify(a.tree, a.roll, keys=keys)}
    out = []
    for k in keys:
        n = a.tree.node(k)
        out.append(
            {
                "key": k,
                "node": n,
                "pk": ids.get(k),
                "c": got.get(k),
                "f": a.roll.get(k),
                "articles": counts.get(k, 0),
            }
        )
    return out


@login_required
def tree(request):
    _analyst(request)
    versions = list(TreeVersion.objects.all()[:20])
    version = _version(request)
    if request.GET.get("v"):
        version = get_object_or_404(TreeVersion, number=_int(request.GET["v"]))
    a = selectors.analysis_for(access.problem_calls(request.user), version)
    ids = selectors.node_ids(version)
    rows = _rows(a, [n.key for n in a.tree.nodes], ids, selectors.article_counts())
    return render(request, "problems/tree.html", {
        "version": version, "versions": versions, "rows": rows, "roll": a.roll,
        "can_edit": access.can_edit_tree(request.user),
        "paths_text": "\n".join(a.tree.leaves()),
    })  # fmt: skip


@login_required
@require_POST
def tree_edit(request):
    if not access.can_edit_tree(request.user):
        raise PermissionDenied
    try:
        v = tree_save_version(
            paths=request.POST.get("paths", "").splitlines(),
            actor=request.user,
            note=request.POST.get("note", ""),
        )
    except ProblemError as e:
        flash.error(request, str(e))
        return HttpResponseRedirect(reverse("problems:tree"))
    flash.success(request, gettext("已保存新版本"))
    return HttpResponseRedirect(reverse("problems:tree") + f"?v={v.number}")


def _recording_links(request, path: str, team_id: str) -> list[dict]:
    """Up to five agents of the team with calls on this reason → recording search links."""
    calls = access.problem_calls(request.user).filter(agent__team_id=int(team_id), recording__isnull=False)
    calls = calls.filter(reason__startswith=path)
    agents = (
        calls.values_list("agent__work_number", "agent__name").distinct().order_by("agent__work_number")[:5]
    )
    base = reverse("calls:search")
    return [
        {"name": name, "url": base + "?" + urlencode({"agent": wn, "reason": path, "with_recording": "on"})}
        for wn, name in agents
    ]


@login_required
def node(request, pk: int):
    _analyst(request)
    n = get_object_or_404(ReasonNode.objects.select_related("version", "parent"), pk=pk)
    a = selectors.analysis_for(access.problem_calls(request.user), n.version)
    ids = selectors.node_ids(n.version)
    mine = classify(a.tree, a.roll, keys=[n.path])
    children = _rows(a, list(a.tree.children(n.path)), ids, selectors.article_counts())
    teams = teams_on_node(a.tree, n.path, a.facts)
    names = selectors.team_names([t.team for t in teams])
    can_rate = access.can_start_five_methods(request.user)
    calls = access.problem_calls(request.user)
    team_rows = [
        {
            "t": t,
            "name": names.get(t.team, t.team),
            "links": _recording_links(request, n.path, t.team) if t.beats else [],
            "candidates": selectors.five_methods_candidates(calls, n.path, t.team)
            if t.beats and can_rate
            else [],
        }
        for t in teams
    ]
    rated = selectors.five_methods_evaluations(qa_access.visible_sessions(request.user), n.path)[:50]
    return render(request, "problems/node.html", {
        "n": n, "c": mine[0] if mine else None, "f": a.roll.get(n.path), "children": children,
        "teams": team_rows, "articles": selectors.articles_for(n.path),
        "ancestor_articles": Article.objects.filter(node_path__in=a.tree.ancestors(n.path)[1:]) if n.path in a.tree else [],
        "search_url": reverse("calls:search") + "?" + urlencode({"reason": n.path, "with_recording": "on"}),
        "can_edit_kb": access.can_edit_kb(request.user), "can_rate": can_rate, "rated": rated,
    })  # fmt: skip


@login_required
def coverage_page(request):
    _analyst(request)
    level = request.GET.get("level", "center")
    if level not in LEVELS:
        raise Http404
    calls = access.problem_calls(request.user)
    version = _version(request)
    scopes = selectors.coverage_scopes(calls, level)
    scope = next((s for s in scopes if s.key == request.GET.get("scope")), scopes[0] if scopes else None)
    targets = selectors.coverage_targets()
    target = targets[level]
    cov, unmatched = None, 0
    if scope is not None:
        a = selectors.analysis_for(calls.filter(scope.q), version)
        cov, unmatched = coverage(leaf_counts(a.tree, a.roll), target), a.roll.unmatched
    ids = selectors.node_ids(version)
    owner = None
    if scope is not None:
        owner = (
            ProblemOwner.objects.filter(level=level, scope=scope.key, center_id__in=calls.values("center_id"))
            .select_related("person")
            .first()
        )
    return render(request, "problems/coverage.html", {
        "owner": owner,
        "level": level, "levels": [(lv, LEVEL_LABELS[lv], targets[lv]) for lv in LEVELS], "scopes": scopes,
        "scope": scope, "target": target, "cov": cov, "unmatched": unmatched, "ids": ids,
        "rows": [{"r": r, "pk": ids.get(r.key)} for r in cov.rows] if cov else [],
        "chart": charts.pareto(cov) if cov and cov.rows else None,
    })  # fmt: skip


@login_required
def classify_page(request):
    _analyst(request)
    version = _version(request)
    a = selectors.analysis_for(access.problem_calls(request.user), version)
    ids = selectors.node_ids(version)
    parent = None
    if request.GET.get("node"):
        parent = get_object_or_404(ReasonNode, pk=_int(request.GET["node"]), version=version)
    keys = list(a.tree.children(parent.path if parent else None))
    items = classify(a.tree, a.roll, keys=keys)
    names = {}
    rows = []
    for c in items:
        teams = [t for t in teams_on_node(a.tree, c.key, a.facts) if t.beats] if not c.simple else []
        names.update(selectors.team_names([t.team for t in teams]))
        rows.append(
            {
                "c": c,
                "node": a.tree.node(c.key),
                "pk": ids.get(c.key),
                "teams": [names.get(t.team, t.team) for t in teams],
            }
        )
    return render(request, "problems/classify.html", {
        "parent": parent, "rows": rows, "version": version,
        "chart": charts.quadrant(items, {k: a.tree.node(k).name for k in keys}) if items else None,
    })  # fmt: skip


# --- knowledge base ---------------------------------------------------------------------------------


class ArticleForm(forms.Form):
    node_path = forms.CharField(label=_("归档节点"), max_length=200, help_text=_("如 订货-修改订单"))
    kind = forms.ChoiceField(label=_("类型"), choices=Article.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 12}))


def _reader(request) -> None:
    if not access.can_read_kb(request.user):
        raise PermissionDenied


@login_required
def kb(request):
    _reader(request)
    q, node_path, kind = (
        request.GET.get("q", "").strip(),
        request.GET.get("node", "").strip(),
        request.GET.get("kind", ""),
    )
    version = selectors.current_version()
    return render(request, "problems/kb.html", {
        "articles": selectors.search_articles(q, node_path, kind)[:200], "q": q, "node": node_path, "kind": kind,
        "kinds": Article.Kind.choices, "ids": selectors.node_ids(version),
        "can_edit": access.can_edit_kb(request.user), "can_analyse": access.can_analyse(request.user),
    })  # fmt: skip


@login_required
def article(request, pk: int):
    _reader(request)
    art = get_object_or_404(Article, pk=pk)
    version = selectors.current_version()
    return render(request, "problems/article.html", {
        "a": art, "revisions": art.revisions.all(), "can_edit": access.can_edit_kb(request.user),
        "node_pk": selectors.node_ids(version).get(art.node_path) if access.can_analyse(request.user) else None,
    })  # fmt: skip


def _article_form(request, art: Article | None):
    if not access.can_edit_kb(request.user):
        raise PermissionDenied
    initial = {"node_path": request.GET.get("node", ""), "kind": Article.Kind.SCRIPT}
    if art is not None:
        initial = {"node_path": art.node_path, "kind": art.kind, "title": art.title, "body": art.body}
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = article_save(article=art, actor=request.user, **form.cleaned_data)
        except ProblemError as e:
            form.add_error(None, str(e))
        else:
            flash.success(request, gettext("已保存"))
            return HttpResponseRedirect(reverse("problems:article", args=[saved.pk]))
    return render(request, "problems/article_form.html", {"form": form, "a": art})


@login_required
def article_new(request):
    return _article_form(request, None)


@login_required
def article_edit(request, pk: int):
    return _article_form(request, get_object_or_404(Article, pk=pk))
