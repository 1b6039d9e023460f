"""The form builder: rows → a new version (never an edit), versions listed; managers and admins only."""

from __future__ import annotations

import pytest

from hotline.quality.forms_builder import builder_rows
from hotline.quality.models import ScoreForm


def _rows_post(definition, **change):
    rows = builder_rows(definition)
    post = {
        f: [str(r[f]) if not isinstance(r[f], bool) else ("1" if r[f] else "0") for r in rows]
        for f in rows[0]
    }
    post["title"] = definition["title"]
    post.update(change)
    return post


def test_the_builder_shows_the_sections_items_and_versions(personas, login):
    page = login(personas.manager).get("/quality/forms/regime/").content.decode()
    assert "礼貌规范用语" in page and "无服务禁用语" in page and "v1" in page and "保存为新版本" in page


def test_saving_creates_a_new_version_with_the_changed_points(personas, login):
    regime = ScoreForm.objects.get(key="regime", version=1)
    post = _rows_post(regime.definition)
    post["points"] = ["4"] + post["points"][1:]
    post["points"][-1] = "3.5"  # keep 100 in total
    resp = login(personas.manager).post("/quality/forms/regime/", post)
    assert resp.status_code == 302
    new = ScoreForm.objects.get(key="regime", version=2)
    form = new.core()
    assert form.items[0].points == 4 and form.total_points == 100
    assert [i.key for i in form.items] == [i.key for i in regime.core().items]  # keys kept across versions
    assert form.item("attitude.02").critical
    assert ScoreForm.objects.get(key="regime", version=1).definition == regime.definition


def test_a_row_with_no_points_is_refused_and_nothing_is_saved(personas, login):
    regime = ScoreForm.objects.get(key="regime", version=1)
    post = _rows_post(regime.definition)
    post["points"] = ["0"] + post["points"][1:]
    page = login(personas.admin).post("/quality/forms/regime/", post).content.decode()
    assert "第 1 行" in page and "分值须为正数" in page  # in the reader's language, naming the row
    assert not ScoreForm.objects.filter(key="regime", version=2).exists()


def test_a_new_form_starts_empty_and_gets_version_one(personas, login):
    client = login(personas.manager)
    assert client.post("/quality/forms/new/", {"key": "outbound"})["Location"] == "/quality/forms/outbound/"
    client.post(
        "/quality/forms/outbound/",
        {"title": "外呼", "section": ["开场"], "text": ["报出公司名称"], "points": ["10"], "answer_type": ["yes_no"],
         "scale_max": ["1"], "na": ["1"], "critical": ["0"], "comment": ["never"]},
    )  # fmt: skip
    assert ScoreForm.objects.get(key="outbound").version == 1


@pytest.mark.parametrize("who", ["monitor", "agent", "trainer"])
def test_only_managers_and_admins_build_forms(personas, login, who):
    client = login(getattr(personas, who))
    assert client.get("/quality/forms/").status_code == 403
    assert client.post("/quality/forms/regime/", {"title": "x"}).status_code == 403
