"""Workforce writes and reads, part 5 (§5 "Contingency plans and drills", seed 002 四、突发事件管理):
a written plan per scenario with steps and owners, linked from the intraday alert it answers; drills
logged with findings and follow-up; the versioned "drills per year" requirement and its warnings.

Units: step time limits in minutes from the start of the event; drill durations in minutes; the
drill window is the last 12 months (365 days up to and including ``today``). Every write is audited.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext

from hotline.core.errors import InvalidInput
from hotline.org.models import Center, Person, Role
from hotline.org.policies import next_free_day, policy_append, policy_in_force
from hotline.org.services import audit_record
from hotline.org.texts import keyed

from .. import texts
from ..models import ContingencyPlan, Drill, DrillSettings, Scenario

# The intraday alert kind → the scenario of the plan that answers it (seed 002: "业务量超过预测量50%的
# 处理办法、实际人数少于排班人数20%的处理办法").
ALERT_SCENARIO = {"volume": Scenario.SURGE, "staff": Scenario.ABSENCE}
MAX_STEPS = 30


class ContingencyError(InvalidInput):
    """A plan, drill or requirement that cannot be saved; the message is shown to the user."""


# ------------------------------------------------------------------------------------------- plans


def clean_steps(center: Center, steps: Iterable[Mapping]) -> list[dict]:
    """Validated steps ``[{"text", "role", "person", "minutes"}]``: a text, an owner (a role, or a
    person of ``center``) and a time limit of 1…10080 minutes each; blank rows are dropped."""
    out: list[dict] = []
    for i, s in enumerate(steps, start=1):
        text = str(s.get("text") or "").strip()
        role = str(s.get("role") or "")
        person = s.get("person")
        person_id = person.pk if isinstance(person, Person) else person
        minutes = s.get("minutes")
        if not text and not role and not person_id and minutes in (None, ""):
            continue
        if not text:
            raise ContingencyError(gettext("第 %(n)d 步：请填写内容") % {"n": i})
        if role and role not in Role.values:
            raise ContingencyError(gettext("第 %(n)d 步：未知角色") % {"n": i})
        if person_id and not Person.objects.filter(pk=person_id, center=center).exists():
            raise ContingencyError(gettext("第 %(n)d 步：负责人不属于本中心") % {"n": i})
        if not role and not person_id:
            raise ContingencyError(gettext("第 %(n)d 步：请指定负责角色或负责人") % {"n": i})
        try:
            minutes = int(minutes)
        except (TypeError, ValueError):
            minutes = 0
        if not 1 <= minutes <= 7 * 24 * 60:
            raise ContingencyError(gettext("第 %(n)d 步：时限须为 1 至 10080 分钟") % {"n": i})
        out.append({"text": text, "role": role, "person": person_id or None, "minutes": minutes})
    if not out:
        raise ContingencyError(gettext("预案至少要有一个步骤"))
    if len(out) > MAX_STEPS:
        raise ContingencyError(gettext("步骤太多（最多 %(n)d 步）") % {"n": MAX_STEPS})
    return out


def plan_snapshot(plan: ContingencyPlan) -> dict:
    return {"center": plan.center_id, "scenario": plan.scenario, "title": plan.title, "trigger": plan.trigger,
            "steps": plan.steps, "version": plan.version}  # fmt: skip


@transaction.atomic
def plan_save(
    *,
    center: Center,
    scenario: str,
    title: str,
    trigger: str,
    steps: Iterable[Mapping],
    plan: ContingencyPlan | None = None,
    actor=None,
) -> ContingencyPlan:
    """Create a plan, or save a new version of ``plan`` (``version`` + 1). One plan per scenario and
    center (the alert links to it), except "other" which may have several. Audited
    (``contingency_plan.create`` / ``.update`` with the before and after)."""
    if scenario not in Scenario.values:
        raise ContingencyError(gettext("未知情形"))
    title, trigger = (title or "").strip(), (trigger or "").strip()
    if not title or not trigger:
        raise ContingencyError(gettext("请填写标题和启动条件"))
    if plan is not None and plan.center_id != center.pk:
        raise ContingencyError(gettext("预案不属于本中心"))
    clean = clean_steps(center, steps)
    if scenario != Scenario.OTHER:
        twin = ContingencyPlan.objects.filter(center=center, scenario=scenario)
        if plan is not None:
            twin = twin.exclude(pk=plan.pk)
        if twin.exists():
            raise ContingencyError(gettext("本中心已有该情形的应急预案，请修改已有的预案"))
    user = actor if getattr(actor, "is_authenticated", False) else None
    if plan is None:
        plan = ContingencyPlan.objects.create(
            center=center, scenario=scenario, title=title, trigger=trigger, steps=clean, updated_by=user
        )
        audit_record(actor=actor, action="contingency_plan.create", obj=plan, after=plan_snapshot(plan))
        return plan
    plan = ContingencyPlan.objects.select_for_update().get(pk=plan.pk)
    before = plan_snapshot(plan)
    plan.scenario, plan.title, plan.trigger, plan.steps = scenario, title, trigger, clean
    plan.version += 1
    plan.updated_by = user
    plan.save()
    audit_record(
        actor=actor, action="contingency_plan.update", obj=plan, before=before, after=plan_snapshot(plan)
    )
    return plan


def plan_for_alert(center: Center, kind: str) -> ContingencyPlan | None:
    """The plan that answers an intraday alert of ``kind`` (volume → surge, staff → mass absence)."""
    scenario = ALERT_SCENARIO.get(kind)
    if scenario is None:
        return None
    return (
        ContingencyPlan.objects.filter(center=center, scenario=scenario)
        .order_by("-updated_at", "-id")
        .first()
    )


def alert_message(center: Center, alert, plans: Mapping[str, ContingencyPlan | None] | None = None) -> dict:
    """The keyed message of an intraday alert (``selectors.Alert``), naming the plan that answers it
    (or saying there is none). ``plans`` caches ``plan_for_alert`` per kind."""
    plan = (
        plans[alert.kind] if plans is not None and alert.kind in plans else plan_for_alert(center, alert.kind)
    )
    common = {"start": alert.start, "severity": round(alert.severity, 3)}
    if plan is not None:
        key = texts.ALERT_VOLUME_PLAN if alert.kind == "volume" else texts.ALERT_STAFF_PLAN
        return keyed(key, plan=plan.title, plan_id=plan.pk, **common)
    key = texts.ALERT_VOLUME_NO_PLAN if alert.kind == "volume" else texts.ALERT_STAFF_NO_PLAN
    return keyed(key, scenario=str(ALERT_SCENARIO[alert.kind]), **common)


# ------------------------------------------------------------------------------------------ drills


def drill_snapshot(d: Drill) -> dict:
    return {"plan": d.plan_id, "date": d.date.isoformat(), "participants": d.participants,
            "duration_minutes": d.duration_minutes, "findings": d.findings, "actions": d.actions,
            "follow_up_owner": d.follow_up_owner_id, "follow_up_done": d.follow_up_done}  # fmt: skip


@transaction.atomic
def drill_save(
    *,
    plan: ContingencyPlan,
    date: dt.date,
    participants: str,
    duration_minutes: int,
    findings: str = "",
    actions: str = "",
    follow_up_owner: Person | None = None,
    follow_up_done: bool = False,
    drill: Drill | None = None,
    actor=None,
    today: dt.date | None = None,
) -> Drill:
    """Log a drill of ``plan`` (or change ``drill``). A drill is logged once held: no future date.
    Actions need a follow-up owner of the plan's center. Audited (``drill.create`` / ``drill.update``)."""
    today = today or plan.center.today()
    if date > today:
        raise ContingencyError(gettext("演练日期不能晚于今天：演练结束后再记录"))
    participants = (participants or "").strip()
    if not participants:
        raise ContingencyError(gettext("请填写参加人员"))
    if not 1 <= int(duration_minutes) <= 24 * 60:
        raise ContingencyError(gettext("时长须为 1 至 1440 分钟"))
    if follow_up_owner is not None and follow_up_owner.center_id != plan.center_id:
        raise ContingencyError(gettext("跟进人不属于本中心"))
    if (actions or "").strip() and follow_up_owner is None:
        raise ContingencyError(gettext("有改进措施时请指定跟进人"))
    if drill is not None and drill.plan.center_id != plan.center_id:
        raise ContingencyError(gettext("预案不属于本中心"))
    values = {"plan": plan, "date": date, "participants": participants, "duration_minutes": int(duration_minutes),
              "findings": (findings or "").strip(), "actions": (actions or "").strip(),
              "follow_up_owner": follow_up_owner, "follow_up_done": bool(follow_up_done)}  # fmt: skip
    if drill is None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        drill = Drill.objects.create(created_by=user, **values)
        audit_record(actor=actor, action="drill.create", obj=drill, after=drill_snapshot(drill))
        return drill
    before = drill_snapshot(drill)
    for k, v in values.items():
        setattr(drill, k, v)
    drill.save()
    audit_record(actor=actor, action="drill.update", obj=drill, before=before, after=drill_snapshot(drill))
    return drill


def drill_settings_for(center: Center, day: dt.date | None = None) -> DrillSettings:
    return policy_in_force("drills", center, day or center.today())


def drill_settings_save(
    *,
    center: Center,
    per_year: int,
    per_scenario: int,
    effective_from: dt.date | None = None,
    actor=None,
    today: dt.date | None = None,
) -> DrillSettings:
    """A new version of the drill requirement (0…52 a year each); audited by ``policy_append``."""
    if not (0 <= per_year <= 52 and 0 <= per_scenario <= 52):
        raise ContingencyError(gettext("演练次数须为 0 至 52"))
    today = today or center.today()
    return policy_append(
        "drills", center=center, values={"per_year": per_year, "per_scenario": per_scenario},
        effective_from=effective_from or next_free_day("drills", center, today), today=today, actor=actor,
        error=ContingencyError,
    )  # fmt: skip


def drill_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months: 365 days ending with ``today`` (both inclusive)."""
    return today - dt.timedelta(days=364), today


def drill_warnings(center: Center, today: dt.date) -> list[dict]:
    """Keyed warnings (``hotline.org.texts``) when the last 12 months hold fewer drills than required
    (the requirement in force ``today``): for the center as a whole, and for each scenario that has a
    plan. No plan at all is a warning of its own."""
    req = drill_settings_for(center, today)
    plans = list(ContingencyPlan.objects.filter(center=center))
    if not plans:
        return [keyed(texts.NO_PLANS)]
    first, last = drill_window(today)
    held = Counter(
        Drill.objects.filter(plan__center=center, date__range=(first, last)).values_list(
            "plan__scenario", flat=True
        )
    )
    out = []
    total = sum(held.values())
    if total < req.per_year:
        out.append(keyed(texts.DRILLS_CENTER, n=total, required=req.per_year))
    for scenario in [s for s in Scenario.values if any(p.scenario == s for p in plans)]:
        if held[scenario] < req.per_scenario:
            out.append(
                keyed(texts.DRILLS_SCENARIO, scenario=scenario, n=held[scenario], required=req.per_scenario)
            )
    return out
