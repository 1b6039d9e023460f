"""Monthly performance appraisal of an agent (SPEC §6 绩效考核), Django-free.

total = attendance (20) + evaluation (80) + bonus (≤ 10), computed from the month's events by a
:class:`RuleSet` — the rules are data with an effective date (:data:`DEFAULT_RULE_SETS`: the users'
manual, with the November 2026 switch of the accuracy target 97 % → 99 % and the exam pass rate
80 % → 90 %). :func:`appraise` returns every point lost or won as a :class:`Line` (rule, quantity,
points, whether a cap was applied), so a page can explain the score line by line:
``base (100) + sum(line.points) == total`` always holds.

Units: points are integers; times are minutes; accuracy, exam scores and pass marks are percent
(0–100); leave ``days`` are days (halves allowed); money is yuan (元).

Decisions (the manual leaves them open; stated here so the UI and the tests agree):

* **Rounding.** Timeliness counts each *started* minute the monthly mean handling time exceeds the
  limit (5.2 min against 5 → 1 minute). Accuracy counts *full* percentage points below the target
  (96.5 % against 97 % → 0; 95.9 % → 1). The exam counts *full* steps of 5 points below the pass
  mark (77 against 80 → 0; 75 → 1; 70.5 → 1). A tolerance of 1e-9 absorbs float noise.
* **Attendance.** Late arrival / early leave −2 per occurrence, sick / personal leave −4 per
  occurrence (a leave of 3 days is one occurrence for points; days matter for money). All
  attendance deductions together at most 20 (SPEC §6).
* **Evaluation.** Four parts — timeliness (minutes and cases together), accuracy, exam (every exam
  of the month), other work and conduct (其他工作情况及表现: violations −1…−10 each and the month's
  "other work" entry's points) — each at most −20. The evaluation never goes below 0 (a floor line).
* **QA score (§3.6) — a per-center setting ``qa_mode``; the manual has no such link, so the default
  is ``"off"``.** ``"deduct_below"``: each full point below ``qa_target`` costs ``qa_points``, at most
  ``qa_cap`` (a fifth part, "quality"). ``"violation_below"``: a score below ``qa_target`` counts as
  one conduct deduction of ``qa_points`` inside the fourth part (its cap shared), as the manual's
  "违反其他相关规定的…处以1-10分的处罚". A month without a QA score deducts nothing.
* **Other work (其他工作完成情况, the manual's 50 元).** One entry per agent and month
  (:class:`OtherWork`): ``points`` (0…part cap) lost in the fourth part, ``amount`` the yuan granted
  out of ``MoneyRules.other_work_bonus``; no entry = nothing lost, all 50 granted.
* **Exam pass mark.** An exam carrying its own pass mark is judged against it; otherwise against
  the rule set's pass rate for the month.
* **Bonus.** Each commendation +1…+5, at most +10 a month.
* **No double deduction.** Every event carries an id; an id seen again (in any list) is ignored
  and reported in ``notes``.
* **Rules of a month** are the latest rule set whose ``effective_from`` is on or before the 1st.
* **Money (optional, the manual's 考勤奖 200 + 考评奖 200).** Attendance: sick −10/day, all lost
  from 7 days in the month; personal −30/day, all lost from 5 days; at least 0. Evaluation:
  timeliness −10 per started minute (at most 50) and −5 per case (at most 50); accuracy −10 per
  full point (at most 50); exam 50 with −10 per full 5 points (at most 50); at least 0. Fines for the
  listed violations (20 or 50, by kind, :data:`DEFAULT_FINES`) come off the total, which stays ≥ 0.
  Other work: the 50 of the evaluation bonus not granted by the month's entry is lost (200 = the
  timeliness, accuracy, exam and other-work parts of 50 each).
* **Dismissal flags (辞退, never an action; ``appraisal_year.dismissal_flags``).** Over the calendar year up to
  the month: sick leave more than ``dismissal_sick_days`` (30: "超过一个月") in total; personal leave
  more than ``dismissal_personal_days`` (30); and "旷工、又有迟到（早退）、又有长时间病假" — at least
  one unexcused absence (violation kind ``absent_or_late_3h``), at least one late arrival or early
  leave, and a month with at least ``long_sick_days`` (7, the days that cost the whole attendance
  bonus) of sick leave. Optional, off by default (not in the manual): ``low_total_months`` months in
  a row ending with the month below ``low_total_below`` points.
* **Half-year and annual totals (半年、年总分, ``appraisal_year.rank_totals``)** are the sum of the monthly totals;
  equal sums share a rank (1, 1, 3); rank 1 is the first place (排名第一) named for commendation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace

EPS = 1e-9
ATTENDANCE_KINDS = ("late", "early", "sick", "personal")
QA_MODES = ("off", "deduct_below", "violation_below")
ABSENCE_KIND = "absent_or_late_3h"  # the violation kind read as 旷工 (unexcused absence)

# The manual's fines (罚则): 20 元 and 50 元 per occurrence, by violation kind.
DEFAULT_FINES: tuple[tuple[str, int, str], ...] = (
    ("unapproved_shift_swap", 20, "未经批准擅自调班"),
    ("uniform", 20, "未着制服或着装不规范"),
    ("disorder", 20, "上班时间打闹喧哗、玩游戏、闲聊、睡觉等"),
    ("cleaning", 20, "晚班未按规定打扫卫生"),
    ("password_sharing", 20, "以他人密码登录系统代批案件"),
    ("manual_not_kept", 20, "未按规定保存电子工作手册"),
    ("absent_or_late_3h", 50, "未经允许不来上班或迟到超过3小时"),
    ("virus", 50, "携带软件使用造成病毒传染"),
    ("unreported_incident", 50, "重大事件或失误未及时上报"),
)


@dataclass(frozen=True)
class MoneyRules:
    """The manual's monthly bonus money (yuan)."""

    attendance_bonus: int = 200
    evaluation_bonus: int = 200
    sick_per_day: int = 10
    sick_all_lost_days: float = 7
    personal_per_day: int = 30
    personal_all_lost_days: float = 5
    timeliness_per_minute: int = 10
    timeliness_per_case: int = 5
    timeliness_cap: int = 50  # each of the two timeliness rules
    accuracy_per_point: int = 10
    accuracy_cap: int = 50
    exam_bonus: int = 50
    exam_per_step: int = 10
    other_work_bonus: int = 50
    fines: tuple[tuple[str, int, str], ...] = DEFAULT_FINES

    def fine_for(self, kind: str) -> int:
        return next((amount for k, amount, _ in self.fines if k == kind), 0)


@dataclass(frozen=True)
class RuleSet:
    """One version of the appraisal rules (§6), valid from ``effective_from`` on."""

    effective_from: dt.date
    attendance_points: int = 20
    evaluation_points: int = 80
    bonus_cap: int = 10
    late_points: int = 2  # per late arrival or early leave
    leave_points: int = 4  # per sick or personal leave
    attendance_cap: int = 20
    part_cap: int = 20  # each evaluation part
    handling_limit_minutes: float = 5.0
    timeliness_minute_points: int = 2
    timeliness_case_points: int = 2
    accuracy_target: float = 97.0
    accuracy_points: int = 4  # per full percentage point below
    exam_pass: float = 80.0
    exam_step: float = 5.0
    exam_points: int = 4  # per full step below
    violation_min: int = 1
    violation_max: int = 10
    commendation_min: int = 1
    commendation_max: int = 5
    qa_mode: str = "off"  # how the monthly QA score feeds the evaluation (QA_MODES)
    qa_target: float = 85.0
    qa_points: int = 1  # per full point below the QA target ("deduct_below"), or once ("violation_below")
    qa_cap: int = 20  # "deduct_below" at most
    dismissal_sick_days: float = 30  # sick leave in the year more than this → flag
    dismissal_personal_days: float = 30
    long_sick_days: float = 7  # a month with this much sick leave is "long sick leave"
    low_total_below: int = 0  # 0: off; else a total below this…
    low_total_months: int = 3  # …this many months in a row → flag
    money: MoneyRules = field(default_factory=MoneyRules)

    def __post_init__(self) -> None:
        if self.qa_mode not in QA_MODES:
            raise ValueError(f"qa_mode must be one of {QA_MODES}, got {self.qa_mode!r}")

    @property
    def base(self) -> int:
        return self.attendance_points + self.evaluation_points

    def as_dict(self) -> dict:
        return asdict(self)


_MANUAL = RuleSet(effective_from=dt.date(2000, 1, 1))
DEFAULT_RULE_SETS: tuple[RuleSet, ...] = (
    _MANUAL,
    # 11月后: accuracy 99 %, exam 90 %.
    replace(_MANUAL, effective_from=dt.date(2026, 11, 1), accuracy_target=99.0, exam_pass=90.0),
)


def rules_for(month: dt.date, rule_sets: Sequence[RuleSet] = DEFAULT_RULE_SETS) -> RuleSet:
    """The rule set in force for the month containing ``month`` (latest effective on its 1st)."""
    first = month.replace(day=1)
    valid = [r for r in rule_sets if r.effective_from <= first]
    if not valid:
        raise ValueError(f"no appraisal rules in force on {first}")
    return max(valid, key=lambda r: r.effective_from)


# --- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEvent:
    """A late arrival, early leave, sick or personal leave (``days`` for leaves, may be 0.5)."""

    id: str
    kind: str
    date: dt.date
    days: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in ATTENDANCE_KINDS:
            raise ValueError(f"attendance kind must be one of {ATTENDANCE_KINDS}, got {self.kind!r}")
        if self.days < 0:
            raise ValueError("days must not be negative")


@dataclass(frozen=True)
class ExamResult:
    """A business-knowledge exam: score and (optional) pass mark, both percent."""

    id: str
    date: dt.date
    score: float
    pass_mark: float | None = None


@dataclass(frozen=True)
class WorkRecord:
    """The month's case-handling figures: accuracy %, cases over the time limit, mean minutes."""

    accuracy: float | None = None
    cases_over_limit: int = 0
    mean_handling_minutes: float | None = None


@dataclass(frozen=True)
class Incident:
    """A violation (points deducted) or a commendation (points won); ``kind`` names a fine or award."""

    id: str
    date: dt.date
    points: int
    kind: str = ""
    note: str = ""


@dataclass(frozen=True)
class OtherWork:
    """The month's "other work" entry (其他工作完成情况及工作表现): points lost, yuan granted, a note."""

    points: int = 0
    amount: float | None = None  # yuan granted out of MoneyRules.other_work_bonus; None: all
    note: str = ""


@dataclass(frozen=True)
class AppraisalInput:
    agent: str
    month: dt.date  # any day of the month
    attendance: tuple[AttendanceEvent, ...] = ()
    exams: tuple[ExamResult, ...] = ()
    work: WorkRecord = WorkRecord()
    violations: tuple[Incident, ...] = ()
    commendations: tuple[Incident, ...] = ()
    qa_score: float | None = None
    other_work: OtherWork | None = None


# --- outputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One explained step: ``points`` (signed) under ``rule`` for ``quantity`` ``unit``."""

    part: str  # attendance, timeliness, accuracy, exam, violations, quality, evaluation, bonus
    rule: str
    label: str
    quantity: float
    unit: str
    points: int
    cap_applied: bool = False
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class MoneyLine:
    part: str  # attendance, evaluation, fines
    rule: str
    label: str
    quantity: float
    unit: str
    amount: float  # yuan, signed
    cap_applied: bool = False
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Money:
    attendance: float
    evaluation: float
    fines: float
    total: float
    lines: tuple[MoneyLine, ...]


@dataclass(frozen=True)
class Appraisal:
    agent: str
    month: dt.date  # the 1st
    rules_from: dt.date
    base: int
    attendance: int
    evaluation: int
    bonus: int
    total: int
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()
    qa_score: float | None = None
    money: Money | None = None
    other_work: OtherWork | None = None

    def part_points(self, part: str) -> int:
        return sum(line.points for line in self.lines if line.part == part)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["month"] = self.month.isoformat()
        d["rules_from"] = self.rules_from.isoformat()
        return d

    def as_json(self) -> dict:
        """:meth:`as_dict` as JSON reads it back — ``json.loads(json.dumps(self.as_dict()))``: lists
        for tuples, plain str/int/float — built directly, without ``asdict``'s deep copies and the
        text round trip (issue 16: the appraisal table of 1,000 agents spent ~0.2 s in them)."""
        d = {}
        for name in _field_names(type(self)):
            v = getattr(self, name)
            d[name] = v.isoformat() if name in ("month", "rules_from") else json_plain(v)
        return d


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _json_key(k) -> str:
    if isinstance(k, str):
        return str.__str__(k)
    if k is None or isinstance(k, bool):
        return {None: "null", True: "true", False: "false"}[k]
    if isinstance(k, int):
        return int.__repr__(k)
    if isinstance(k, float):
        return float.__repr__(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")


def json_plain(value):
    """``value`` as ``json.loads(json.dumps(asdict(value)))`` returns it (dataclasses → dicts, tuples and
    lists → lists, dict keys → text as JSON writes them, str/int/float subclasses → the plain types);
    anything JSON cannot write raises ``TypeError``, as ``json.dumps`` would."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [json_plain(v) for v in value]
    if isinstance(value, dict):
        return {_json_key(k): json_plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: json_plain(getattr(value, name)) for name in _field_names(type(value))}
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# --- the rules ------------------------------------------------------------------------------------


def started_units(excess: float, step: float = 1.0) -> int:
    """How many started ``step``s ``excess`` covers (0 when ≤ 0): 0.2 → 1, 1.0 → 1, 1.01 → 2."""
    return max(0, math.ceil(excess / step - EPS)) if excess > EPS else 0


def full_units(shortfall: float, step: float = 1.0) -> int:
    """How many full ``step``s ``shortfall`` covers (0 when ≤ 0): 0.9 → 0, 1.0 → 1, 4.99 → 4."""
    return max(0, math.floor(shortfall / step + EPS)) if shortfall > 0 else 0


def _capped(part: str, lines: list[Line], cap: int, label: str) -> list[Line]:
    """Append a give-back line when the part's deductions exceed ``cap``."""
    lost = -sum(line.points for line in lines)
    if lost > cap:
        lines.append(Line(part, f"{part}.cap", label, lost, "分", lost - cap, cap_applied=True))
    return lines


def _dedupe(inp: AppraisalInput) -> tuple[AppraisalInput, tuple[str, ...]]:
    seen: set[str] = set()
    notes: list[str] = []

    def keep(items: Iterable) -> tuple:
        out = []
        for e in items:
            if e.id in seen:
                notes.append(f"事件 {e.id} 重复出现，只计一次")
                continue
            seen.add(e.id)
            out.append(e)
        return tuple(out)

    new = replace(
        inp,
        attendance=keep(inp.attendance),
        exams=keep(inp.exams),
        violations=keep(inp.violations),
        commendations=keep(inp.commendations),
    )
    return new, tuple(notes)


def _attendance_lines(inp: AppraisalInput, r: RuleSet) -> list[Line]:
    lines = []
    labels = {"late": "迟到", "early": "早退", "sick": "病假", "personal": "事假"}
    for kind in ATTENDANCE_KINDS:
        events = [e for e in inp.attendance if e.kind == kind]
        if not events:
            continue
        per = r.late_points if kind in ("late", "early") else r.leave_points
        ids = tuple(e.id for e in events)
        lines.append(
            Line("attendance", f"attendance.{kind}", f"{labels[kind]}每次扣{per}分", len(events), "次",
                 -per * len(events), event_ids=ids)
        )  # fmt: skip
    return _capped("attendance", lines, r.attendance_cap, f"考勤扣分以{r.attendance_cap}分封顶")


def _timeliness_lines(w: WorkRecord, r: RuleSet) -> list[Line]:
    lines = []
    if w.mean_handling_minutes is not None:
        minutes = started_units(w.mean_handling_minutes - r.handling_limit_minutes)
        if minutes:
            lines.append(
                Line("timeliness", "timeliness.minutes",
                     f"月平均在手时间{w.mean_handling_minutes:g}分钟，超过{r.handling_limit_minutes:g}分钟，"
                     f"每超过1分钟（不足1分钟按1分钟）扣{r.timeliness_minute_points}分",
                     minutes, "分钟", -r.timeliness_minute_points * minutes)
            )  # fmt: skip
    if w.cases_over_limit > 0:
        lines.append(
            Line("timeliness", "timeliness.cases", f"个案超过时限每件扣{r.timeliness_case_points}分",
                 w.cases_over_limit, "件", -r.timeliness_case_points * w.cases_over_limit)
        )  # fmt: skip
    return _capped("timeliness", lines, r.part_cap, f"及时性扣分以{r.part_cap}分封顶")


def _accuracy_lines(w: WorkRecord, r: RuleSet) -> list[Line]:
    if w.accuracy is None:
        return []
    points = full_units(r.accuracy_target - w.accuracy)
    if not points:
        return []
    lines = [
        Line("accuracy", "accuracy.below_target",
             f"准确率{w.accuracy:g}%，低于标准{r.accuracy_target:g}%，每低1个百分点（整点）扣{r.accuracy_points}分",
             points, "百分点", -r.accuracy_points * points)
    ]  # fmt: skip
    return _capped("accuracy", lines, r.part_cap, f"准确率扣分以{r.part_cap}分封顶")


def _exam_pass(e: ExamResult, r: RuleSet) -> float:
    return r.exam_pass if e.pass_mark is None else e.pass_mark


def _exam_lines(inp: AppraisalInput, r: RuleSet) -> list[Line]:
    lines = []
    for e in inp.exams:
        mark = _exam_pass(e, r)
        steps = full_units(mark - e.score, r.exam_step)
        if steps:
            lines.append(
                Line("exam", "exam.below_pass",
                     f"考试{e.score:g}分，低于合格线{mark:g}分，每低{r.exam_step:g}分扣{r.exam_points}分",
                     steps, "档", -r.exam_points * steps, event_ids=(e.id,))
            )  # fmt: skip
    return _capped("exam", lines, r.part_cap, f"考试扣分以{r.part_cap}分封顶")


def _check_points(kind: str, i: Incident, low: int, high: int) -> None:
    if not (low <= i.points <= high):
        raise ValueError(f"{kind} {i.id}: points must be {low}…{high}, got {i.points}")


def _violation_lines(inp: AppraisalInput, r: RuleSet) -> list[Line]:
    lines = []
    for v in inp.violations:
        _check_points("violation", v, r.violation_min, r.violation_max)
        label = v.note or v.kind or "违规"
        lines.append(
            Line("violations", "violations.each", f"其他违规：{label}", 1, "次", -v.points, event_ids=(v.id,))
        )
    ow = inp.other_work
    if ow is not None and ow.points:
        if not (0 <= ow.points <= r.part_cap):
            raise ValueError(f"other work points must be 0…{r.part_cap}, got {ow.points}")
        lines.append(
            Line("violations", "violations.other_work", f"其他工作完成情况及表现：{ow.note or '其他工作'}", 1, "次",
                 -ow.points)
        )  # fmt: skip
    if r.qa_mode == "violation_below" and inp.qa_score is not None and inp.qa_score < r.qa_target - EPS:
        lines.append(
            Line("violations", "violations.quality",
                 f"服务质量月度得分{inp.qa_score:.1f}，低于{r.qa_target:g}，按违反相关规定扣{r.qa_points}分",
                 1, "次", -r.qa_points)
        )  # fmt: skip
    return _capped("violations", lines, r.part_cap, f"其他违规扣分以{r.part_cap}分封顶")


def _quality_lines(inp: AppraisalInput, r: RuleSet) -> list[Line]:
    if r.qa_mode != "deduct_below" or inp.qa_score is None:
        return []
    below = full_units(r.qa_target - inp.qa_score)
    if not below:
        return []
    lines = [
        Line("quality", "quality.below_target",
             f"服务质量月度得分{inp.qa_score:.1f}，低于目标{r.qa_target:g}，每低1分（整分）扣{r.qa_points}分",
             below, "分", -r.qa_points * below)
    ]  # fmt: skip
    return _capped("quality", lines, r.qa_cap, f"服务质量扣分以{r.qa_cap}分封顶")


def _bonus_lines(inp: AppraisalInput, r: RuleSet) -> list[Line]:
    lines = []
    for c in inp.commendations:
        _check_points("commendation", c, r.commendation_min, r.commendation_max)
        label = c.note or c.kind or "表扬"
        lines.append(
            Line("bonus", "bonus.commendation", f"加分：{label}", 1, "次", c.points, event_ids=(c.id,))
        )
    won = sum(line.points for line in lines)
    if won > r.bonus_cap:
        lines.append(
            Line("bonus", "bonus.cap", f"加分每月以{r.bonus_cap}分封顶", won, "分", r.bonus_cap - won, True)
        )
    return lines


EVALUATION_PARTS = ("timeliness", "accuracy", "exam", "violations", "quality")


def appraise(
    inp: AppraisalInput, rule_sets: Sequence[RuleSet] = DEFAULT_RULE_SETS, *, money: bool = False
) -> Appraisal:
    """The month's appraisal of one agent under the rules in force that month (§6)."""
    r = rules_for(inp.month, rule_sets)
    inp, notes = _dedupe(inp)
    attendance = _attendance_lines(inp, r)
    evaluation = [
        *_timeliness_lines(inp.work, r),
        *_accuracy_lines(inp.work, r),
        *_exam_lines(inp, r),
        *_violation_lines(inp, r),
        *_quality_lines(inp, r),
    ]
    lost = -sum(line.points for line in evaluation)
    if lost > r.evaluation_points:
        evaluation.append(
            Line("evaluation", "evaluation.floor", f"考评分最低为0分（扣分超过{r.evaluation_points}分）",
                 lost, "分", lost - r.evaluation_points, cap_applied=True)
        )  # fmt: skip
    bonus = _bonus_lines(inp, r)
    att_points = r.attendance_points + sum(line.points for line in attendance)
    eval_points = r.evaluation_points + sum(line.points for line in evaluation)
    bonus_points = sum(line.points for line in bonus)
    return Appraisal(
        agent=inp.agent,
        month=inp.month.replace(day=1),
        rules_from=r.effective_from,
        base=r.base,
        attendance=att_points,
        evaluation=eval_points,
        bonus=bonus_points,
        total=att_points + eval_points + bonus_points,
        lines=(*attendance, *evaluation, *bonus),
        notes=notes,
        qa_score=inp.qa_score,
        money=compute_money(inp, r) if money else None,
        other_work=inp.other_work,
    )


def _capped_amount(amount: float, cap: float) -> tuple[float, bool]:
    return (cap, True) if amount > cap else (amount, False)


def compute_money(inp: AppraisalInput, r: RuleSet) -> Money:
    """The manual's bonus money for the month (see the module docstring); ``inp`` already de-duplicated."""
    m = r.money
    lines: list[MoneyLine] = []
    for kind, per, all_from, label in (
        ("sick", m.sick_per_day, m.sick_all_lost_days, "病假"),
        ("personal", m.personal_per_day, m.personal_all_lost_days, "事假"),
    ):
        events = [e for e in inp.attendance if e.kind == kind]
        days = sum(e.days for e in events)
        if not events or days <= 0:
            continue
        ids = tuple(e.id for e in events)
        if days >= all_from - EPS:
            lines.append(MoneyLine("attendance", f"money.{kind}.all", f"{label}累计{days:g}天（满{all_from:g}天扣除全部考勤奖）",
                                   days, "天", -m.attendance_bonus, True, ids))  # fmt: skip
        else:
            lines.append(MoneyLine("attendance", f"money.{kind}", f"{label}每天扣{per}元", days, "天", -per * days,
                                   event_ids=ids))  # fmt: skip
    att_lost = -sum(x.amount for x in lines)
    if att_lost > m.attendance_bonus:
        lines.append(MoneyLine("attendance", "money.attendance.floor", "考勤奖最低为0", att_lost, "元",
                               att_lost - m.attendance_bonus, True))  # fmt: skip
    attendance = m.attendance_bonus - min(att_lost, m.attendance_bonus)

    ev: list[MoneyLine] = []
    w = inp.work
    if w.mean_handling_minutes is not None:
        minutes = started_units(w.mean_handling_minutes - r.handling_limit_minutes)
        if minutes:
            amt, capped = _capped_amount(m.timeliness_per_minute * minutes, m.timeliness_cap)
            ev.append(MoneyLine("evaluation", "money.timeliness.minutes",
                                f"平均在手时间每超过1分钟扣{m.timeliness_per_minute}元，{m.timeliness_cap}元封顶",
                                minutes, "分钟", -amt, capped))  # fmt: skip
    if w.cases_over_limit > 0:
        amt, capped = _capped_amount(m.timeliness_per_case * w.cases_over_limit, m.timeliness_cap)
        ev.append(MoneyLine("evaluation", "money.timeliness.cases",
                            f"个案超时每件扣{m.timeliness_per_case}元，{m.timeliness_cap}元封顶",
                            w.cases_over_limit, "件", -amt, capped))  # fmt: skip
    if w.accuracy is not None:
        points = full_units(r.accuracy_target - w.accuracy)
        if points:
            amt, capped = _capped_amount(m.accuracy_per_point * points, m.accuracy_cap)
            ev.append(MoneyLine("evaluation", "money.accuracy",
                                f"准确率每低1个百分点扣{m.accuracy_per_point}元，{m.accuracy_cap}元封顶",
                                points, "百分点", -amt, capped))  # fmt: skip
    steps = sum(full_units(_exam_pass(e, r) - e.score, r.exam_step) for e in inp.exams)
    if steps:
        amt, capped = _capped_amount(m.exam_per_step * steps, m.exam_bonus)
        ev.append(MoneyLine("evaluation", "money.exam",
                            f"考试正确率每降低{r.exam_step:g}%扣{m.exam_per_step}元，扣完{m.exam_bonus}元为止",
                            steps, "档", -amt, capped, tuple(e.id for e in inp.exams)))  # fmt: skip
    ow = inp.other_work
    if ow is not None and ow.amount is not None:
        if not (0 <= ow.amount <= m.other_work_bonus):
            raise ValueError(f"other work amount must be 0…{m.other_work_bonus}, got {ow.amount}")
        if ow.amount < m.other_work_bonus:
            ev.append(MoneyLine("evaluation", "money.other_work",
                                f"其他工作完成情况核发{ow.amount:g}元（共{m.other_work_bonus}元）",
                                ow.amount, "元", -(m.other_work_bonus - ow.amount)))  # fmt: skip
    ev_lost = -sum(x.amount for x in ev)
    if ev_lost > m.evaluation_bonus:
        ev.append(MoneyLine("evaluation", "money.evaluation.floor", "考评奖最低为0", ev_lost, "元",
                            ev_lost - m.evaluation_bonus, True))  # fmt: skip
    evaluation = m.evaluation_bonus - min(ev_lost, m.evaluation_bonus)

    fines: list[MoneyLine] = []
    for v in inp.violations:
        amount = m.fine_for(v.kind)
        if amount:
            label = next(text for k, _, text in m.fines if k == v.kind)
            fines.append(MoneyLine("fines", f"money.fine.{v.kind}", f"罚款：{label}", 1, "次", -amount,
                                   event_ids=(v.id,)))  # fmt: skip
    fined = -sum(x.amount for x in fines)
    total = max(0.0, attendance + evaluation - fined)
    return Money(float(attendance), float(evaluation), float(fined), float(total), (*lines, *ev, *fines))


__all__: Sequence[str] = (
    "ABSENCE_KIND", "OtherWork", "ATTENDANCE_KINDS", "DEFAULT_FINES", "DEFAULT_RULE_SETS", "EVALUATION_PARTS", "QA_MODES", "Appraisal",
    "AppraisalInput", "AttendanceEvent", "ExamResult", "Incident", "Line", "Money", "MoneyLine", "MoneyRules",
    "RuleSet", "WorkRecord", "appraise", "compute_money", "full_units", "rules_for", "started_units",
)  # fmt: skip
