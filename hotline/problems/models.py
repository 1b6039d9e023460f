"""Problem management (§9): the versioned reason tree (归档树) and the knowledge base (知识库).

A tree version is a set of nodes; editing the tree creates a new version and never changes an old
one. A call keeps the leaf it was archived with: ``Call.reason`` is the archived path text
("订货-修改订单" = 订货 › 修改订单), mapped onto a version's nodes by ``ReasonNode.path``
(``hotline.core.problems.ReasonTree.node_for``). Articles attach to a node path, so they stay linked
across tree versions; every edit of an article keeps the previous text as a revision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TreeVersion(models.Model):
    number = models.PositiveIntegerField(_("版本"), unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("归档树版本")
        verbose_name_plural = _("归档树版本")

    def __str__(self) -> str:
        return f"v{self.number}"


class ReasonNode(models.Model):
    version = models.ForeignKey(TreeVersion, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("名称"), max_length=100)
    path = models.CharField(_("路径"), max_length=200, help_text=_("如 订货-修改订单"))
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "path"], name="reason_node_path_unique")]
        verbose_name = _("归档节点")
        verbose_name_plural = _("归档节点")

    def __str__(self) -> str:
        return self.path


class Article(models.Model):
    class Kind(models.TextChoices):
        SCRIPT = "script", _("口径")
        PROCESS = "process", _("流程")
        KNOWLEDGE = "knowledge", _("知识库")

    node_path = models.CharField(_("归档节点"), max_length=200, db_index=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.SCRIPT)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["node_path", "kind", "title"]
        verbose_name = _("知识库文章")
        verbose_name_plural = _("知识库文章")

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """One saved text of an article (version 1 … n; the last equals the article)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    node_path = models.CharField(max_length=200)
    kind = models.CharField(max_length=12)
    title = models.CharField(max_length=200)
    body = models.TextField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["article", "-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="article_revision_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ArticleLink(models.Model):
    """A knowledge-base article linked from an evaluation (optionally one of its items) or from a
    training-plan entry (§9: "linked from evaluations and training entries")."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    evaluation = models.ForeignKey(
        "quality.Evaluation", on_delete=models.CASCADE, null=True, blank=True, related_name="article_links"
    )
    item_key = models.CharField(_("项目"), max_length=60, blank=True)
    training_entry = models.ForeignKey(
        "feedback.TrainingEntry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="article_links",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evaluation__isnull=False, training_entry__isnull=True)
                | models.Q(evaluation__isnull=True, training_entry__isnull=False),
                name="article_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["article", "evaluation", "item_key"],
                condition=models.Q(evaluation__isnull=False),
                name="article_link_evaluation_unique",
            ),
            models.UniqueConstraint(
                fields=["article", "training_entry"],
                condition=models.Q(training_entry__isnull=False),
                name="article_link_training_unique",
            ),
        ]
        verbose_name = _("知识库关联")
        verbose_name_plural = _("知识库关联")

    def __str__(self) -> str:
        return f"{self.article_id} → {self.evaluation_id or self.training_entry_id}"
