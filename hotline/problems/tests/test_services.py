"""Tree versions and articles (§9): built from calls once, edits make new versions, articles keep revisions."""

from __future__ import annotations

import pytest

from hotline.org.models import AuditEntry
from hotline.problems.models import Article, TreeVersion
from hotline.problems.services import ProblemError, article_save, tree_build_from_calls, tree_save_version

from .helpers import build_world


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_the_first_tree_is_built_from_the_distinct_reasons_of_the_calls_and_only_once(world):
    v = tree_build_from_calls()
    assert v.number == 1
    assert sorted(v.nodes.values_list("path", flat=True)) == sorted(
        ["订货", "订货-正常订货", "订货-修改订单", "投诉", "投诉-服务态度"]
    )
    leaf = v.nodes.get(path="订货-修改订单")
    assert (leaf.name, leaf.level, leaf.parent.path) == ("修改订单", 2, "订货")
    assert tree_build_from_calls() == v and TreeVersion.objects.count() == 1


def test_no_tree_is_built_when_no_call_carries_a_reason(db):
    assert tree_build_from_calls() is None


def test_editing_the_tree_makes_a_new_version_and_leaves_the_old_one_untouched(world, personas):
    v1 = tree_build_from_calls()
    v2 = tree_save_version(
        paths=["订货-修改订单", "订货 › 退货", "", "咨询"], actor=personas.manager.user, note="加退货"
    )
    assert v2.number == 2 and v1.nodes.count() == 5
    assert set(v2.nodes.values_list("path", flat=True)) == {"订货", "订货-修改订单", "订货-退货", "咨询"}
    assert AuditEntry.objects.filter(action="problems.tree_version", object_id=str(v2.pk)).exists()
    with pytest.raises(ProblemError):
        tree_save_version(paths=["", " "])


def test_saving_an_article_again_raises_its_version_and_keeps_the_old_text(personas):
    a = article_save(
        node_path="订货-修改订单",
        kind="script",
        title="改单口径",
        body="先核对订单号",
        actor=personas.trainer.user,
    )
    a = article_save(
        article=a, node_path="订货-修改订单", kind="script", title="改单口径", body="先核对再修改", actor=None
    )
    assert a.version == 2 and [r.body for r in a.revisions.all()] == ["先核对再修改", "先核对订单号"]
    with pytest.raises(ProblemError):
        article_save(node_path="订货", kind="nonsense", title="x", body="y")
    assert Article.objects.count() == 1
