"""Form codes end to end (issue 13.2): an English or Chinese code creates, edits and lists a form;
a bad code is refused with a clear message in the reader's language, never a 404 or a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from hotline.quality.models import ScoreForm

ONE_ITEM = {"section": ["开场"], "text": ["报出公司名称"], "points": ["10"], "answer_type": ["yes_no"],
            "scale_max": ["1"], "na": ["1"], "critical": ["0"], "comment": ["never"]}  # fmt: skip


@pytest.mark.parametrize("code", ["complaint", "投诉表", "投诉-2"])
def test_create_edit_and_list_a_form(personas, login, code):
    client = login(personas.manager)
    resp = client.post("/quality/forms/new/", {"key": code})
    url = f"/quality/forms/{quote(code)}/"
    assert resp.status_code == 302 and resp["Location"] == url
    page = client.get(url)
    assert page.status_code == 200 and 'id="builder"' in page.content.decode()
    resp = client.post(url, {"title": "投诉评分", **ONE_ITEM})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert ScoreForm.objects.get(key=code).version == 1
    edit = client.get(url).content.decode()
    assert "投诉评分" in edit and "v1" in edit
    assert client.post(url, {"title": "投诉评分二", **ONE_ITEM}).status_code == 302
    assert ScoreForm.objects.get(key=code, active=True).version == 2
    listing = client.get("/quality/forms/").content.decode()
    assert f'href="{url}"' in listing and "投诉评分二" in listing


def test_the_code_field_has_no_pattern_a_browser_rejects(personas, login):
    page = login(personas.manager).get("/quality/forms/").content.decode()
    assert 'pattern="[a-z0-9-]+"' not in page  # an invalid regex under the browsers' `v` flag
    assert 'name="key"' in page and "代码（英文字母）" not in page


@pytest.mark.parametrize("code", ["投诉 表", "a/b", "表!", "new", "x" * 61, "regime"])
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_bad_or_taken_code_is_refused_clearly(personas, login, code, lang):
    client = login(personas.manager)
    client.cookies["django_language"] = lang
    before = ScoreForm.objects.count()
    resp = client.post("/quality/forms/new/", {"key": code}, follow=True)
    assert resp.status_code == 200
    page = resp.content.decode()
    taken = "代码已被使用" if lang == "zh-hans" else "This code is already used"
    bad = "代码只能包含" if lang == "zh-hans" else "A code may contain only"
    assert (taken if code == "regime" else bad) in page
    assert ScoreForm.objects.count() == before


def test_an_unknown_code_in_the_url_opens_an_empty_builder_and_creates_nothing(personas, login):
    page = login(personas.manager).get(f"/quality/forms/{quote('质检表')}/")
    assert page.status_code == 200
    assert not ScoreForm.objects.filter(key="质检表").exists()


@pytest.mark.parametrize("who", ["monitor", "agent", "trainer", "planner"])
def test_only_managers_and_admins_create_forms(personas, login, who):
    client = login(getattr(personas, who))
    assert client.post("/quality/forms/new/", {"key": "投诉表"}).status_code == 403
    assert client.get(f"/quality/forms/{quote('投诉表')}/").status_code == 403


@pytest.mark.parametrize(("lang", "texts"), [
    ("zh-hans", ["请填写评分表名称", "第 1 行（报出公司名称）：分值须为正数"]),
    ("en", ["Give the form a name", "Row 1 (报出公司名称): points must be a positive number"]),
])  # fmt: skip
def test_builder_errors_name_the_row_in_the_readers_language(personas, login, lang, texts):
    client = login(personas.manager)
    client.cookies["django_language"] = lang
    page = client.post(f"/quality/forms/{quote('投诉表')}/", {"title": "", **ONE_ITEM, "points": ["0"]})
    assert page.status_code == 400  # refused, the rows kept on the page
    html = page.content.decode()
    assert all(t in html for t in texts) and "positive number, got" not in html
    assert not ScoreForm.objects.filter(key="投诉表").exists()
