"""Writes of problem management (§9): tree versions and knowledge-base articles, audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from hotline.calls.models import Call
from hotline.core.errors import InvalidInput
from hotline.core.problems import ReasonTree, split_reason, tree_from_paths, tree_from_reasons
from hotline.org.services import audit_record

from .models import Article, ArticleRevision, ReasonNode, TreeVersion


class ProblemError(InvalidInput):
    """A refused change (the message is shown to the user)."""


def _user(actor):
    return actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None


def _persist(tree: ReasonTree, *, actor, note: str) -> TreeVersion:
    number = (TreeVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    version = TreeVersion.objects.create(number=number, note=note, created_by=_user(actor))
    saved: dict[str, ReasonNode] = {}
    for i, n in enumerate(tree.nodes):  # parents come before their children
        saved[n.key] = ReasonNode.objects.create(
            version=version, parent=saved.get(n.parent) if n.parent else None, name=n.name,
            path=n.key, level=n.level, order=i,
        )  # fmt: skip
    audit_record(
        actor=actor,
        action="problems.tree_version",
        obj=version,
        after={"nodes": len(tree.nodes)},
        reason=note,
    )
    return version


@transaction.atomic
def tree_build_from_calls(*, actor=None, note: str = "") -> TreeVersion | None:
    """The current tree; when none exists, version 1 built from the distinct reasons of the calls
    (None when no call has a reason)."""
    current = TreeVersion.objects.order_by("-number").first()
    if current is not None:
        return current
    reasons = Call.objects.exclude(reason="").values_list("reason", flat=True).distinct()
    tree = tree_from_reasons(reasons)
    if not tree.nodes:
        return None
    return _persist(tree, actor=actor, note=note or gettext("由通话归档原因生成"))


@transaction.atomic
def tree_save_version(*, paths: Iterable[str], actor=None, note: str = "") -> TreeVersion:
    """A new version holding the given paths (one per line, "订货-修改订单"; prefixes are added).
    Old versions stay as they were: calls keep the leaf they were archived with."""
    parts = [split_reason(p) for p in paths]
    parts = [p for p in parts if p]
    if not parts:
        raise ProblemError(gettext("归档树不能为空"))
    return _persist(tree_from_paths(parts), actor=actor, note=note)


@transaction.atomic
def article_save(
    *, node_path: str, kind: str, title: str, body: str, actor=None, article: Article | None = None
) -> Article:
    """Create an article or save a new version of it (the previous text stays as a revision)."""
    title, body = (title or "").strip(), (body or "").strip()
    path = "-".join(split_reason(node_path))
    if not title or not body or not path:
        raise ProblemError(gettext("标题、内容和归档节点必填"))
    if kind not in Article.Kind.values:
        raise ProblemError(gettext("未知的文章类型"))
    before = None
    if article is None:
        article = Article.objects.create(
            node_path=path, kind=kind, title=title, body=body, updated_by=_user(actor)
        )
        action = "problems.article_create"
    else:
        before = {"version": article.version, "title": article.title, "node_path": article.node_path}
        article.node_path, article.kind, article.title, article.body = path, kind, title, body
        article.version += 1
        article.updated_by = _user(actor)
        article.save()
        action = "problems.article_update"
    ArticleRevision.objects.create(
        article=article, version=article.version, node_path=path, kind=kind, title=title, body=body,
        saved_by=_user(actor),
    )  # fmt: skip
    audit_record(
        actor=actor,
        action=action,
        obj=article,
        before=before,
        after={"version": article.version, "title": title},
    )
    return article


# --- knowledge-base links (§9: articles linked from evaluations and training entries) --------------


@transaction.atomic
def article_link_add(
    *, article: Article, evaluation=None, training_entry=None, item_key: str = "", actor=None
):
    """Link ``article`` from an evaluation (optionally one item) or a training entry; idempotent."""
    from .models import ArticleLink

    if (evaluation is None) == (training_entry is None):
        raise ProblemError(gettext("须关联到一条评分或一条培训计划"))
    if evaluation is not None and item_key and item_key not in {i.key for i in evaluation.form.core().items}:
        raise ProblemError(gettext("评分表中没有该项目"))
    link, created = ArticleLink.objects.get_or_create(
        article=article, evaluation=evaluation, training_entry=training_entry,
        item_key=item_key if evaluation is not None else "",
        defaults={"created_by": _user(actor)},
    )  # fmt: skip
    if created:
        audit_record(
            actor=actor, action="problems.article_link", obj=link,
            after={"article": article.pk, "evaluation": link.evaluation_id, "item": link.item_key,
                   "training_entry": link.training_entry_id},
        )  # fmt: skip
    return link


@transaction.atomic
def article_link_remove(*, link, actor=None) -> None:
    audit_record(
        actor=actor, action="problems.article_unlink", obj=link,
        before={"article": link.article_id, "evaluation": link.evaluation_id, "item": link.item_key,
                "training_entry": link.training_entry_id},
    )  # fmt: skip
    link.delete()
