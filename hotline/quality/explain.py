"""Why a recording was picked, in words and numbers, from what its session sampled (§3.2, issue 12).

A recording session keeps its sample (``Session.sample``: the half-month, the minimum length, the
eligible call ids, the evaluated ones left out). From it the agent is shown the whole of what was
drawn from ("2026-11-H1: 143 eligible recordings, 2 evaluated before left out") and, per pick, the
figures its criterion compared: the date's average duration for H1, the rank among all eligible calls
for H2, the gap to the previous call for ``longest-gap``. A session without a sample (older ones, ad
hoc sessions) gets the criterion's sentence only (``labels.criterion_text``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from hotline.calls.models import Call
from hotline.core.periods import Period

from .labels import criterion_text, weekday_name
from .models import Session


def sample_summary(session: Session) -> str:
    """One sentence: what the session drew from ('' without a sample)."""
    sample = session.sample or {}
    if "eligible" not in sample:
        return ""
    text = _("抽样范围：%(period)s 全部录音中合格的 %(n)s 通（接通、有录音、不短于 %(min)s 秒）") % {
        "period": sample.get("period", session.period),
        "n": len(sample["eligible"]),
        "min": f"{sample.get('min_seconds', 15):g}",
    }
    if sample.get("evaluated"):
        text += _("，已评过的 %(k)s 通除外") % {"k": len(sample["evaluated"])}
    return text


def _seconds(c: Call) -> float:
    if c.answered_at is not None and c.ended_at is not None:
        return (c.ended_at - c.answered_at).total_seconds()
    return float(c.talk_seconds or 0)


def sample_pools(sessions) -> dict[str, Call]:
    """The eligible calls of several sessions' samples in one query (call id → call), for
    :func:`pick_reasons` on a list page."""
    ids = {c for s in sessions for c in (s.sample or {}).get("eligible", ())}
    if not ids:
        return {}
    return {
        c.call_id: c
        for c in Call.objects.filter(call_id__in=ids).only(
            "pk", "call_id", "answered_at", "ended_at", "talk_seconds"
        )
    }


def pick_reasons(session: Session, picks, pools: dict[str, Call] | None = None) -> dict[int, str]:
    """Call pk → why that call was picked, for the session's ``SessionPick`` s (``pools``: the
    eligible calls from :func:`sample_pools`, else read here)."""
    picks = list(picks)
    half = Period.parse(session.period).half
    sample = session.sample or {}
    if "eligible" not in sample:
        return {p.call_id: criterion_text(p.criterion, p.call, half) for p in picks}
    zone = ZoneInfo(sample.get("tz") or "Asia/Shanghai")
    if pools is not None:
        pool = [pools[c] for c in dict.fromkeys(sample["eligible"]) if c in pools]
    else:
        pool = list(
            Call.objects.filter(call_id__in=sample["eligible"]).only(
                "pk", "call_id", "answered_at", "ended_at", "talk_seconds"
            )
        )
    pool.sort(key=lambda c: (c.answered_at, c.call_id))
    by_date: dict[dt.date, list[Call]] = defaultdict(list)
    for c in pool:
        by_date[c.answered_at.astimezone(zone).date()].append(c)
    previous: dict[int, Call] = {}
    for calls in by_date.values():
        for before, after in zip(calls, calls[1:], strict=False):
            previous[after.pk] = before
    n = len(pool)
    out = {}
    for p in picks:
        call = p.call
        base = criterion_text(p.criterion, call, half)
        if call is None or call.answered_at is None:
            out[p.call_id] = base
            continue
        day = call.answered_at.astimezone(zone).date()
        secs = _seconds(call)
        facts = ""
        if p.criterion in ("weekday", "fill") and half == 1 and by_date.get(day):
            same = by_date[day]
            avg = sum(_seconds(c) for c in same) / len(same)
            facts = _("%(date)s %(weekday)s 当日合格 %(k)s 通，平均 %(avg)s 秒；本通 %(secs)s 秒") % {
                "date": f"{day:%m-%d}", "weekday": weekday_name(day.weekday()), "k": len(same),
                "avg": f"{avg:.0f}", "secs": f"{secs:.0f}",
            }  # fmt: skip
        elif p.criterion in ("longest", "shortest", "fill"):
            facts = _("合格的 %(n)s 通中，本通 %(secs)s 秒") % {"n": n, "secs": f"{secs:.0f}"}
        elif p.criterion in ("first-monday", "last-friday"):
            facts = _("%(date)s %(weekday)s %(time)s 接通") % {
                "date": f"{day:%m-%d}", "weekday": weekday_name(day.weekday()),
                "time": call.answered_at.astimezone(zone).strftime("%H:%M"),
            }  # fmt: skip
        elif p.criterion == "longest-gap" and call.pk in previous:
            before = previous[call.pk]
            end = before.ended_at or before.answered_at
            gap = (call.answered_at - end).total_seconds()
            facts = _("与当日上一通合格通话（%(end)s 结束）间隔 %(gap)s 秒") % {
                "end": end.astimezone(zone).strftime("%H:%M:%S"), "gap": f"{gap:.0f}",
            }  # fmt: skip
        out[p.call_id] = f"{base}（{facts}）" if facts else base
    return out
