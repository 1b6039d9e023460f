"""Words for the §3.2 criteria, so an agent can read why a call was picked."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# gettext_noop so makemessages sees each name; weekday_name translates at use time.
WEEKDAYS = (
    gettext_noop("星期一"),
    gettext_noop("星期二"),
    gettext_noop("星期三"),
    gettext_noop("星期四"),
    gettext_noop("星期五"),
    gettext_noop("星期六"),
    gettext_noop("星期日"),
)


def weekday_name(n: int) -> str:
    return _(WEEKDAYS[n])


def criterion_text(criterion: str, call=None, half: int = 1) -> str:
    """One sentence for a pick's criterion (H1 ``weekday``/``fill``, H2 ``longest`` …)."""
    if criterion == "weekday":
        day = weekday_name(call.local_date.weekday()) if call is not None else ""
        return _("%(weekday)s中最接近当日平均时长的通话") % {"weekday": day}
    if criterion == "fill" and half == 2:
        return _("补足：剩余通话中最长的一通")
    texts = {
        "fill": _("补足：最接近当日平均时长的通话"),
        "longest": _("最长通话"),
        "shortest": _("最短通话"),
        "first-monday": _("第一个星期一最早的通话"),
        "last-friday": _("最后一个星期五最晚的通话"),
        "longest-gap": _("与上一通电话间隔最长的通话"),
        "five_methods": _("五法评定：问题管理选取的录音"),
    }
    return texts.get(criterion, criterion)
