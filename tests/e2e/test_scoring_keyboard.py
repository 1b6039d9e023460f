"""A monitor scores a recording session of five calls with the keyboard, in at most 40 clicks and keys
(issue 13): listen (Space), all compliant (a), a strength (s) and a point to improve (w) suggested
from the answers, next recording (n); two exceptions by a click (one N.A., one critical failure with
its comment typed); submit. Incomplete recordings are marked per field in Chinese before posting.

Clicks and keys are counted twice: by the test (each press and click it makes, each typed character
one key) and by the page itself (trusted keydown and mousedown events, kept across page loads).
Screenshots go to ``test-artifacts/scoring/`` (git-ignored).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from hotline.calls.models import Recording
from hotline.calls.tests.helpers import silent_wav
from hotline.core.periods import Period
from hotline.inspection.models import CallInspection, Transcript
from hotline.quality import services
from hotline.quality.models import Evaluation, Kind, Session
from hotline.quality.tests.helpers import period_calls
from tests.e2e.conftest import click_nav

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock(
        "2026-11-12T09:30"
    ),  # a Thursday of 2026-11-H1: last half-month's sessions are held now
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "scoring"
BUDGET = 40

COUNTER = """
(() => {
  const bump = (k) => sessionStorage.setItem("hl-" + k, String(+(sessionStorage.getItem("hl-" + k) || 0) + 1));
  window.addEventListener("keydown", (e) => { if (e.isTrusted && !e.repeat) bump("keys"); }, true);
  window.addEventListener("mousedown", (e) => { if (e.isTrusted) bump("clicks"); }, true);
})();
"""

LINES = [
    ("agent", 0.5, 3.0, "您好，这里是订货热线，工号8001为您服务"),
    ("customer", 3.5, 6.0, "你好，我想订两条烟"),
    ("agent", 6.5, 10.0, "好的，请问您的客户编号是多少"),
    ("customer", 10.5, 13.0, "编号是一二三四五"),
    ("agent", 13.5, 17.0, "已为您下单，感谢您的配合，再见"),
]


def _setup(personas, settings):
    today = timezone.localdate()
    period = Period.of(today).previous()  # over: its recording sessions are held now (§3.1)
    calls = period_calls(personas.agent, 8, first=period.start)
    plan = services.plan_generate(center=personas.center, period=period, today=period.start)
    slot = plan.slots.get(agent=personas.agent, kind=Kind.RECORDING)
    slot.date = today
    slot.save()
    for call in calls:  # 20-second recordings with a transcript and the speech of both channels
        (settings.RECORDINGS_DIR / f"{call.call_id}.wav").write_bytes(silent_wav(20.0))
        Recording.objects.filter(call=call).update(duration_seconds=20.0)
        Transcript.objects.create(
            call=call, segments=[{"speaker": s, "start": a, "end": b, "text": t} for s, a, b, t in LINES]
        )
        CallInspection.objects.create(
            call=call,
            audio={
                "duration": 20.0,
                "agent_speech": [[a, b] for s, a, b, _ in LINES if s == "agent"],
                "customer_speech": [[a, b] for s, a, b, _ in LINES if s == "customer"],
            },
            rules=[
                {"key": "r1", "title": "结束语", "item": "courtesy.12", "status": "fail", "weight": 1,
                 "note": "", "evidence": [{"text": "再见", "start": 15.0, "end": 17.0, "speaker": "agent"}]},
            ],
        )  # fmt: skip


class Counter:
    """The test's own count: a click is one, a key press is one, a typed character is one key."""

    def __init__(self, page):
        self.page, self.clicks, self.keys = page, 0, 0

    def click(self, target) -> None:
        (self.page.locator(target) if isinstance(target, str) else target).click()
        self.clicks += 1

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.keys += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.keys += len(text)

    @property
    def total(self) -> int:
        return self.clicks + self.keys


def test_five_calls_scored_with_the_keyboard_in_at_most_40_clicks_and_keys(personas, sign_in, page, settings):
    _setup(personas, settings)
    sign_in(personas.monitor)
    click_nav(page, "今日监听")
    page.add_init_script(COUNTER)
    page.evaluate("sessionStorage.clear()")
    page.reload()

    n = Counter(page)
    n.click(page.locator('tr[data-agent="8001"][data-kind="recording"] button'))  # start the session
    page.wait_for_url(re.compile(r"/quality/sessions/\d+/$"))
    page.wait_for_selector(".pl-track:not([hidden]) .pl-line")

    for i in range(5):
        panel = page.locator(f'.qa-panel[data-index="{i}"]')
        assert panel.is_visible()
        assert page.locator(f'.pl-track[data-track="{i}"]').is_visible()  # the player follows the recording
        n.press("Space")  # listen
        n.press("a")  # all compliant
        if i == 0:  # an exception: not applicable
            n.click(panel.locator('.qa-item[data-item="courtesy.03"] input[value=na]'))
        if i == 1:  # an exception: a critical failure, whose comment box takes the focus at once
            n.click(panel.locator('.qa-item[data-item="attitude.02"] input[value=no]'))
            assert page.evaluate("document.activeElement.classList.contains('qa-comment')")
            n.type("讽刺客户")
            n.press("Enter")  # back to the items; the session is not posted
            assert "/sessions/" in page.url and page.locator(".qa-panel").count() == 5
        n.press("s")  # a strength suggested from what went right
        n.press("w")  # a point to improve: the failed item and its comment, else a common one
        if i == 1:
            assert "讽刺客户" in panel.locator("textarea[name$=-improvements]").input_value()
        assert panel.locator("textarea[name$=-strengths]").input_value().strip()
        n.press("n")
    assert page.locator('.qa-panel[data-index="0"]').is_visible()  # n wrapped around to the first

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "session-keyboard.png"), full_page=True)
    n.click("#qa-submit")
    page.wait_for_load_state()
    assert "已提交" in page.inner_text("h1")

    session = Session.objects.get(agent=personas.agent, kind=Kind.RECORDING)
    assert session.status == Session.Status.SUBMITTED
    assert session.score == pytest.approx(80)  # four calls at 100, the critical failure at 0
    failed = Evaluation.objects.get(session=session, order=2)
    assert failed.score == 0 and failed.comments == {"attitude.02": "讽刺客户"}
    assert Evaluation.objects.get(session=session, order=1).answers["courtesy.03"] == "na"

    seen = page.evaluate("({k: +sessionStorage.getItem('hl-keys'), c: +sessionStorage.getItem('hl-clicks')})")
    print(f"\nclicks+keys: {n.total} (clicks {n.clicks}, keys {n.keys}); the page counted {seen}")
    assert n.total <= BUDGET
    assert seen["k"] + seen["c"] <= BUDGET
    assert seen["c"] == n.clicks  # the page saw every click the test made and no other


def test_an_incomplete_recording_is_marked_in_chinese_before_posting_and_nothing_is_lost(
    personas, sign_in, page, settings
):
    _setup(personas, settings)
    sign_in(personas.monitor)
    click_nav(page, "今日监听")
    page.locator('tr[data-agent="8001"][data-kind="recording"] button').click()
    page.wait_for_url(re.compile(r"/quality/sessions/\d+/$"))
    for i in range(5):
        if i != 2:  # the third recording is left untouched but for one typed strength
            page.keyboard.press("a")
            page.keyboard.press("s")
            page.keyboard.press("w")
        else:
            page.locator('.qa-panel[data-index="2"] textarea[name$=-strengths]').fill("耐心")
            page.locator("h1").click()
        page.keyboard.press("n")
    url = page.url
    page.click("#qa-submit")

    third = page.locator('.qa-panel[data-index="2"]')
    assert third.is_visible() and page.url == url  # not posted: the page shows the recording to finish
    assert page.locator("#qa-check").is_visible()
    summary = page.inner_text("#qa-check")
    assert "第 3 条录音" in summary and "待补" in summary
    missing = third.locator(".qa-item.qa-missing")
    assert missing.count() == third.locator(".qa-item").count()
    assert "请选择答案" in missing.first.inner_text()
    assert "至少填写一条不足" in third.locator(".qa-fb.qa-missing").inner_text()
    assert third.locator("textarea[name$=-strengths]").input_value() == "耐心"  # kept
    assert "待补" in page.locator('.qa-tab[data-index="2"]').inner_text()
    assert page.locator(".qa-tab.qa-bad").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "session-marks.png"), full_page=True)

    side = page.locator(
        '.qa-side[data-index="2"]'
    )  # a comment at the player's position lands on its timeline
    side.locator(".qa-mark-text").fill("语气平淡")
    side.locator(".qa-mark-add").click()
    page.wait_for_selector('.pl-track[data-track="2"] .pl-mark.mark')
    assert "语气平淡" in page.locator('.pl-track[data-track="2"] .pl-notes').inner_text()
    page.locator("h1").click()

    page.keyboard.press("a")  # fixing it clears the marks of the answered items
    assert third.locator(".qa-item.qa-missing").count() == 0
    page.keyboard.press("w")
    page.click("#qa-submit")
    page.wait_for_load_state()
    assert "已提交" in page.inner_text("h1")
