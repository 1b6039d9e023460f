"""The form builder (issue 13): a Chinese-named form is created, previewed (nothing saved), reordered
and totalled; items that do not add up to the declared full score are refused in Chinese, rows kept."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from hotline.quality.models import ScoreForm

URL = f"/quality/forms/{quote('投诉表')}/"
ROWS = {"section": ["开场", "开场", "结束"], "text": ["报出公司名称", "问候客户", "道别"],
        "points": ["40", "35.5", "24.5"], "answer_type": ["yes_no"] * 3, "scale_max": ["1"] * 3,
        "na": ["1"] * 3, "critical": ["0", "1", "0"], "comment": ["never"] * 3,
        "section_key": [""] * 3, "item_key": [""] * 3}  # fmt: skip


def _post(client, **change):
    return client.post(URL, {"title": "投诉评分表", "max_points": "100", **ROWS, **change})


def test_a_new_chinese_form_offers_order_buttons_a_full_score_and_a_preview(personas, login):
    c = login(personas.manager)
    r = c.post("/quality/forms/new/", {"key": "投诉表"})
    assert r.status_code == 302 and r["Location"] == URL
    page = c.get(URL).content.decode()
    assert 'aria-label="上移"' in page and 'aria-label="下移"' in page and 'id="max-points"' in page
    assert 'value="100"' in page and 'value="preview"' in page


def test_the_preview_shows_sections_points_and_total_without_saving(personas, login):
    r = _post(login(personas.manager), action="preview")
    page = r.content.decode()
    assert r.status_code == 200 and 'id="preview"' in page
    preview = page.split('id="preview"')[1]
    assert "开场 · 75.5 分" in preview and "结束 · 24.5 分" in preview and "合计 100 分" in preview
    assert preview.index("报出公司名称") < preview.index("问候客户") < preview.index("道别")
    assert not ScoreForm.objects.filter(key="投诉表").exists()


def test_items_that_miss_the_full_score_are_refused_in_chinese_and_kept(personas, login):
    r = _post(login(personas.manager), points=["40", "35", "24.5"])
    page = r.content.decode()
    assert r.status_code == 400
    assert "各项目分值合计 99.5 分，与满分 100 分不符（相差 -0.5 分）" in page
    assert 'value="报出公司名称"' in page and ('value="35.0"' in page or 'value="35"' in page)
    assert not ScoreForm.objects.filter(key="投诉表").exists()
    bad = _post(login(personas.manager), max_points="满分")
    assert bad.status_code == 400 and "满分须为正数" in bad.content.decode()


def test_saving_keeps_the_order_of_the_rows(personas, login):
    c = login(personas.manager)
    assert _post(c).status_code == 302
    first = ScoreForm.objects.get(key="投诉表", active=True).core()
    keys = [i.key for i in first.items]
    # move 道别 (row 3) to the top, as the ↑ buttons do: the posted order is the new order
    moved = {f: [v[2], v[0], v[1]] for f, v in ROWS.items()}
    moved["item_key"] = [keys[2], keys[0], keys[1]]
    moved["section"] = ["结束", "开场", "开场"]
    moved["section_key"] = [first.sections[1].key, first.sections[0].key, first.sections[0].key]
    assert c.post(URL, {"title": "投诉评分表", "max_points": "100", **moved}).status_code == 302
    second = ScoreForm.objects.get(key="投诉表", active=True).core()
    assert second.version == 2 and [i.text for i in second.items] == ["道别", "报出公司名称", "问候客户"]
    assert [i.key for i in second.items] == [keys[2], keys[0], keys[1]] and second.total_points == 100


@pytest.mark.parametrize("who", ["agent", "monitor", "trainer", "leader", "outsider_agent"])
def test_the_wrong_roles_cannot_preview_or_save(personas, login, who):
    person = personas.other_agent if who == "outsider_agent" else getattr(personas, who)
    c = login(person)
    assert c.get(URL).status_code == 403
    assert _post(c, action="preview").status_code == 403
    assert not ScoreForm.objects.filter(key="投诉表").exists()
