"""Progress messages of jobs, stored as a key and parameters and rendered in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "queued": _("排队等待中"),
    "retrying": _("暂时出错，%(seconds)s 秒后第 %(attempt)s 次重试"),
    "resumed": _("上次执行中断，已从中断处继续"),
    "fan_out": _("分 %(chunks)s 批并行处理，%(unchanged)s 项未变化已跳过"),
    "rows": _("已处理 %(done)s / %(total)s 行"),
    "calls": _("已质检 %(done)s / %(total)s 个通话"),
    "plan": _("正在生成监听计划"),
    "roster": _("正在求解排班"),
    "done": _("已完成"),
    "failed_chunks": _("%(n)s 批处理失败"),
}


def render(key: str, params: dict | None) -> str:
    """The message in the active language; an unknown key gives an empty string, never the key."""
    text = MESSAGES.get(key)
    if text is None:
        return ""
    try:
        return str(text) % params if params else str(text)
    except (KeyError, TypeError, ValueError):
        return str(text).split("%", 1)[0].strip()
