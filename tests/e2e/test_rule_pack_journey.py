"""A manager edits the center's inspection rules in the browser, in Chinese: turns a rule off, adds a
forbidden phrase, saves a version from tomorrow, and sees it listed (§8, issue 14 item 7)."""

import datetime as dt
from pathlib import Path

import pytest

from hotline.inspection.models import RulePack
from hotline.inspection.services_rules import rules_in_force

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock("2026-10-12T10:00"),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_a_manager_turns_a_rule_off_and_adds_one_from_tomorrow(personas, sign_in):
    page = sign_in(personas.manager)
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/inspection/rules/")
    assert "系统默认规则包" in page.content()
    page.locator("#rule-farewell input[type=checkbox]").uncheck()
    page.locator("#rule-new summary").click()
    page.fill("input[name=new-title]", "禁止说“随便你”")
    page.select_option("select[name=new-mode]", "forbid")
    page.fill("textarea[name=new-words]", "随便你\n爱买不买")
    page.fill("input[name=effective_from]", "2026-10-13")
    page.fill("input[name=note]", "客户投诉后增加")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "rule-pack-editor.png"), full_page=False)
    page.click("text=保存为新版本")
    page.wait_for_selector("#versions")
    assert "自 2026-10-13 起生效" in page.content() and "客户投诉后增加" in page.content()
    pack = RulePack.objects.get(center=personas.center)
    assert pack.effective_from == dt.date(2026, 10, 13)
    keys = {r.key for r in rules_in_force(personas.center, dt.date(2026, 10, 13))}
    assert "farewell" not in keys and "custom_1" in keys
    assert "farewell" in {r.key for r in rules_in_force(personas.center, dt.date(2026, 10, 12))}
