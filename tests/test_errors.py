"""One error root (issue 11 §2, issue 10 #6): every refusal is a ``HotlineError``; the API answers
JSON ``{"code", "detail", "field"}`` in the reader's language (never an HTML page), pages a 4xx page in
the reader's language; bad ids, numbers and months are 400s, never 500s."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from hotline.core import errors, params
from hotline.org.models import ApiToken

HUGE = "99999999999999999999999"


def bearer(person):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=person.user).key}"}


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- core ------------------------------------------------------------------------------------------


def test_the_four_kinds_descend_from_one_root_and_carry_code_field_and_params():
    for kind, status in (
        (errors.InvalidInput, 400), (errors.Forbidden, 403), (errors.NotFound, 404), (errors.Conflict, 409)
    ):  # fmt: skip
        exc = kind(field="x")
        assert isinstance(exc, errors.HotlineError) and exc.http_status == status and exc.field == "x"
    exc = errors.InvalidInput("参数 %(field)s 无效", field="skill", params={"field": "skill"})
    assert str(exc) == "参数 skill 无效" and isinstance(exc, ValueError)


def test_the_apps_error_classes_descend_from_the_root():
    from hotline.feedback.services import FeedbackError
    from hotline.org.versioning import VersionError
    from hotline.problems.services import ProblemError
    from hotline.quality.services import QualityError
    from hotline.reports.services_targets import TargetError
    from hotline.workforce.services import PlanningError
    from hotline.workforce.services.roster import RosterError

    for cls in (
        FeedbackError,
        VersionError,
        ProblemError,
        QualityError,
        TargetError,
        PlanningError,
        RosterError,
    ):
        assert issubclass(cls, errors.InvalidInput)
    assert QualityError("x", problems=[1]).problems == (1,)


@pytest.mark.parametrize(
    "parser,text",
    [
        (params.parse_id, "abc"), (params.parse_id, HUGE), (params.parse_id, "-1"), (params.parse_id, "3e31"),
        (params.parse_id, "1.5"), (params.parse_month, "2026-13"), (params.parse_month, "0001-01"),
        (params.parse_month, "9999-12"), (params.parse_month, "abc"), (params.parse_date, "2026-02-30"),
        (params.parse_date, "9999-12-31"), (params.parse_float, "NaN"), (params.parse_float, "3e31"),
        (params.parse_float, "inf"), (params.parse_int, HUGE), (params.parse_int, "a\x00b"),
    ],
)  # fmt: skip
def test_the_parsers_refuse_hostile_text(parser, text):
    with pytest.raises(errors.InvalidInput) as caught:
        parser(text, field="p")
    assert caught.value.field == "p"


def test_the_parsers_read_good_text_and_default_when_absent():
    assert params.parse_id("42", field="id") == 42 and params.parse_id("", field="id", default=7) == 7
    assert params.parse_id(str(params.BIGINT_MAX), field="id") == params.BIGINT_MAX
    assert params.parse_month("2026-02", field="m") == dt.date(2026, 2, 1)
    assert params.parse_date(None, field="d", default=dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert params.parse_float("2.5", field="f") == 2.5
    assert params.parse_int("5", field="w", min=1, max=9) == 5
    with pytest.raises(errors.InvalidInput):
        params.parse_int("10", field="w", min=1, max=9)


# --- API -------------------------------------------------------------------------------------------


def test_an_anonymous_api_call_is_a_json_401_in_the_readers_language(client, db):
    r = client.get("/api/calls")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    assert "登录" in r.json()["detail"]
    r = english(client).get("/api/calls")
    assert r.status_code == 401 and "sign in" in r.json()["detail"].lower()


def test_an_api_403_is_json_not_an_html_page(client, personas):
    r = client.get("/api/feedback/disputes/rates", **bearer(personas.agent))
    assert r.status_code == 403 and r.headers["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "forbidden" and r.json()["detail"] == "您无权执行此操作。"
    r = english(client).get("/api/feedback/disputes/rates", **bearer(personas.agent))
    assert r.json()["detail"] == "You are not allowed to do this."


def test_an_api_404_is_json_also_for_an_unknown_url(client, personas):
    r = client.get(f"/api/calls/{HUGE}", **bearer(personas.manager))
    assert r.status_code == 422 and r.headers["Content-Type"].startswith("application/json")
    r = client.get("/api/calls/123456", **bearer(personas.manager))
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.get("/api/no-such-thing", **bearer(personas.manager))
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_an_api_bad_month_is_a_400_naming_the_field(client, personas):
    r = client.get("/api/quality/scores/2026-13", **bearer(personas.manager))
    assert r.status_code == 400 and r.json()["field"] == "month" and r.json()["code"] == "invalid"
    assert "2026-13" in r.json()["detail"]


# --- pages -----------------------------------------------------------------------------------------


def test_a_bad_query_id_is_a_400_page_in_the_readers_language(personas, login):
    client = login(personas.planner)
    r = client.get("/workforce/skills/?skill=abc")
    assert r.status_code == 400 and "skill" in r.content.decode() and "编号" in r.content.decode()
    r = english(client).get("/workforce/skills/?skill=abc")
    assert r.status_code == 400 and "must be an id" in r.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/workforce/forecast/?run=abc", "/workforce/staffing/?plan=abc", "/workforce/settings/shifts/?shift=abc",
        "/workforce/skills/?center=abc", f"/workforce/skills/?skill={HUGE}", "/reports/?answer_time=3e31",
        "/reports/?date_from=2026-13-01", "/performance/table/?month=2026-13", "/quality/scores/?month=0001-01",
    ],
)  # fmt: skip
def test_the_workforce_and_report_pages_answer_400_to_hostile_parameters(personas, login, url):
    assert login(personas.admin).get(url).status_code == 400


def test_a_huge_id_in_a_page_url_is_a_404(personas, login):
    assert login(personas.manager).get(f"/calls/{HUGE}/audio/").status_code == 404


def test_an_unknown_page_is_a_404_page_in_the_readers_language(client, db):
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    r = english(client).get("/no-such-page/")
    assert r.status_code == 404 and "Page not found" in r.content.decode()


# Exception classes outside the root: none left but the root itself (tests/test_architecture.py checks
# the whole inheritance chain too).
NOT_YET = {"hotline.core.errors.HotlineError"}


def test_every_new_error_class_descends_from_the_root():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "hotline"
    strays = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
            if bases & {"Exception", "ValueError", "RuntimeError"} and f"{module}.{node.name}" not in NOT_YET:
                if not bases & {"HotlineError", "InvalidInput", "NotFound", "Forbidden", "Conflict"}:
                    strays.append(f"{module}.{node.name}")
    assert strays == [], "subclass hotline.core.errors.HotlineError (or one of its kinds)"


def test_the_former_stray_errors_are_refusals_of_the_root_and_keep_their_messages():
    from hotline.calls.services import ImportFailed
    from hotline.conf import SettingError
    from hotline.core.inspection.rules import RuleError, TranscriptError
    from hotline.core.roster import RosterInputError
    from hotline.core.scoring import EvaluationInvalid
    from hotline.core.tabular import RowError, TableError
    from hotline.performance.imports import HrImportFailed
    from hotline.performance.services import MonthLocked
    from hotline.workforce.services.roster import SwapRefused

    row = RowError("calls.csv", 3, "agent", "unknown agent")
    table = TableError([row])
    assert isinstance(table, errors.InvalidInput) and isinstance(table, ValueError) and table.code == "table"
    assert str(table) == str(row) and table.errors == [row]
    assert ImportFailed([row]).code == HrImportFailed([row]).code == "import_failed"
    assert str(ImportFailed([row])) == str(row) and str(HrImportFailed([row])) == "1 行有错误，未导入任何数据"
    locked = MonthLocked("2026-11 is already signed off")
    assert isinstance(locked, errors.Conflict) and locked.http_status == 409 and locked.code == "month_locked"
    for cls, code in ((RosterInputError, "roster_input"), (TranscriptError, "transcript"), (RuleError, "rule"),
                      (SwapRefused, "swap_refused")):  # fmt: skip
        exc = cls("fixed[2].day: 不是日期")
        assert (
            isinstance(exc, errors.InvalidInput) and exc.code == code and str(exc) == "fixed[2].day: 不是日期"
        )
    assert EvaluationInvalid([]).code == "evaluation_invalid"
    setting = SettingError("HOTLINE_X: not a number")
    assert isinstance(setting, errors.HotlineError) and isinstance(setting, RuntimeError)
