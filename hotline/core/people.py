"""The people file (§1): ``work_number,name,company,team,center,role[,pinyin]``, Django-free.

Roles are accepted in English (agent, team_leader, qa_monitor, manager, trainer, planner, admin)
or Chinese (座席员/坐席/话务员/客服代表, 组长/班长/班组长, 质检员/运营管理员, 经理/呼叫中心经理, 培训员,
排班员/现场管理, 管理员).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import gettext_noop
from .tabular import RowError, Table, TableError, cell_shown, require_columns

ROLE_ALIASES = {
    "agent": "agent", "座席员": "agent", "坐席员": "agent", "座席": "agent", "坐席": "agent",
    "话务员": "agent", "话务代表": "agent", "客服代表": "agent",
    "team_leader": "team_leader", "team leader": "team_leader", "组长": "team_leader", "班长": "team_leader",
    "班组长": "team_leader",
    "qa_monitor": "qa_monitor", "qa monitor": "qa_monitor", "qa": "qa_monitor", "质检员": "qa_monitor",
    "运营管理员": "qa_monitor", "质检": "qa_monitor",
    "manager": "manager", "经理": "manager", "呼叫中心经理": "manager",
    "trainer": "trainer", "培训员": "trainer",
    "planner": "planner", "workforce planner": "planner", "排班员": "planner", "排班": "planner",
    "现场管理": "planner",
    "admin": "admin", "administrator": "admin", "管理员": "admin",
    "national": "national", "全国运营管理": "national", "全国运营": "national",
}  # fmt: skip
REQUIRED = ("work_number", "name", "company", "team", "center", "role")


@dataclass(frozen=True)
class PersonRow:
    row: int
    work_number: str
    name: str
    company: str
    team: str
    center: str
    role: str
    pinyin: str = ""


def parse_people(table: Table) -> tuple[list[PersonRow], list[RowError]]:
    require_columns(table, REQUIRED)
    out: list[PersonRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, v in table.records():

        def text(key: str, v: dict = v) -> str:
            value = v.get(key)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return "" if value is None else str(value).strip()

        wn, name, center, role_raw = text("work_number"), text("name"), text("center"), text("role")
        row_errors = []
        if not wn:
            row_errors.append(RowError(table.name, row, "work_number", gettext_noop("工号为空")))
        if not name:
            row_errors.append(RowError(table.name, row, "name", gettext_noop("姓名为空")))
        if not center:
            row_errors.append(RowError(table.name, row, "center", gettext_noop("中心为空")))
        role = ROLE_ALIASES.get(role_raw.lower())
        if role is None:
            row_errors.append(
                RowError(
                    table.name,
                    row,
                    "role",
                    gettext_noop("未知的角色“%(role)s”（如 座席员、质检员、agent、qa_monitor）"),
                    {"role": cell_shown(role_raw)},
                )
            )
        if wn in seen:
            row_errors.append(
                RowError(
                    table.name,
                    row,
                    "work_number",
                    gettext_noop("工号 %(wn)s 已在第 %(first)s 行出现"),
                    {"wn": cell_shown(wn), "first": seen[wn]},
                )
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[wn] = row
        out.append(PersonRow(row, wn, name, text("company"), text("team"), center, role, text("pinyin")))
    return out, errors


def read_people(table: Table, *, keep_good_rows: bool = False) -> tuple[list[PersonRow], list[RowError]]:
    rows, errors = parse_people(table)
    if errors and not keep_good_rows:
        raise TableError(errors)
    return rows, errors
