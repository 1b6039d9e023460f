"""Builders for feedback tests: a submitted session of an agent with chosen failed items."""

from __future__ import annotations

import datetime as dt

from hotline.calls.tests.helpers import SH, make_call
from hotline.core.scoring import DEFAULT_FORM
from hotline.quality import services as qs
from hotline.quality.models import Evaluation, Kind, Session

ITEMS = [i.key for i in DEFAULT_FORM.items]
CRITICAL = next(i.key for i in DEFAULT_FORM.items if i.critical)
NON_CRITICAL = [k for k in ITEMS if k != CRITICAL]


def answers(failed=()) -> dict[str, str]:
    return {k: ("no" if k in failed else "yes") for k in ITEMS}


def comments(failed=()) -> dict[str, str]:
    return {k: "说明" for k in failed}


def submitted_session(agent, monitor, *, kind=Kind.RECORDING, period="2026-11-H1", failed=(), n=None,
                      day=dt.date(2026, 11, 5), prefix=None, actor=None):  # fmt: skip
    """A submitted session of ``agent`` by ``monitor``; each evaluation fails the items ``failed``
    (a list of item keys, or a list of such lists, one per evaluation)."""
    n = n or (5 if kind == Kind.RECORDING else 4)
    per = failed if failed and isinstance(failed[0], (list, tuple)) else [failed] * n
    session = Session.objects.create(
        kind=kind, agent=agent, monitor=monitor, period=period, date=day, form=qs.active_form()
    )
    prefix = prefix or f"{agent.work_number}-{period}-{kind}"
    data = {}
    for i in range(n):
        start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=SH) + dt.timedelta(minutes=7 * i)
        call = make_call(agent, f"{prefix}-{i}", start=start, talk=90 + i)
        ev = Evaluation.objects.create(session=session, order=i + 1, call=call, form=session.form)
        data[ev.pk] = {"answers": answers(per[i]), "comments": comments(per[i]), "strengths": "问候规范",
                       "improvements": "复述不完整"}  # fmt: skip
    return qs.session_submit(session=session, data=data, actor=actor)
