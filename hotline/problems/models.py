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


# --- difficult calls (疑难反馈单) and owners per level (§9; operations manual: 接到疑难电话或投诉，应详细
# 记录来话时间、内容和客户联系方式、明确答复时间并填写疑难反馈单转交直接上级处理解决) -----------------------


class DifficultCase(models.Model):
    """A difficult call or complaint an agent could not settle on the call: what the customer asked,
    how to reach them, the answer time promised; owned by one person at a time (first the agent's team
    leader), handed over up the line until answered and closed. Every step is a :class:`CaseEvent`."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        HANDLING = "handling", _("处理中")
        ANSWERED = "answered", _("已答复客户")
        CLOSED = "closed", _("已关闭")

    center = models.ForeignKey(
        "org.Center", on_delete=models.PROTECT, related_name="+", verbose_name=_("中心")
    )
    call = models.ForeignKey("calls.Call", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("通话"))  # fmt: skip
    reporter = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("填单人")
    )
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("当前负责人")
    )
    received_at = models.DateTimeField(_("来话时间"))
    customer_contact = models.CharField(_("客户联系方式"), max_length=100)
    content = models.TextField(_("来话内容"))
    reason = models.CharField(_("问题分类"), max_length=200, blank=True)  # a reason-tree path (§9)
    complaint = models.BooleanField(_("投诉"), default=False)
    answer_by = models.DateTimeField(_("承诺答复时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolution = models.TextField(_("处理结果"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("填单时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("疑难反馈单")
        verbose_name_plural = _("疑难反馈单")

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer_contact}"


class CaseEvent(models.Model):
    """One step of a case: created, handed over (from → to, why), answered, closed, reopened."""

    class Kind(models.TextChoices):
        CREATED = "created", _("填单")
        HANDOVER = "handover", _("转交")
        ANSWERED = "answered", _("答复客户")
        CLOSED = "closed", _("关闭")
        REOPENED = "reopened", _("重新打开")
        NOTE = "note", _("备注")

    case = models.ForeignKey(DifficultCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    from_owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class ProblemOwner(models.Model):
    """Who answers for the problems of one unit (§9 "谁承担谁负责"): a center's management, a
    department's manager, a skill's supervisor, a team's leader. ``scope`` is the unit's key as the
    coverage page names it (center/department/team id, or the skill's name)."""

    class Level(models.TextChoices):
        CENTER = "center", _("中心")
        DEPARTMENT = "department", _("科室")
        SKILL = "skill", _("技能")
        TEAM = "team", _("班组")

    center = models.ForeignKey("org.Center", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    scope = models.CharField(_("范围"), max_length=100)
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("负责人")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "level", "scope"], name="problem_owner_unique")
        ]
        verbose_name = _("问题负责人")
        verbose_name_plural = _("问题负责人")

    def __str__(self) -> str:
        return f"{self.level}:{self.scope} → {self.person_id}"
