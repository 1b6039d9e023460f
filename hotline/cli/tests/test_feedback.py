"""hotline analysis export and hotline webhooks retry (Django commands)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from hotline.cli.main import main
from hotline.feedback import services
from hotline.feedback.models import FeedbackSettings, Message, WebhookDelivery
from hotline.feedback.services.analysis import analysis_create
from hotline.feedback.tests.helpers import NON_CRITICAL, submitted_session

ITEM = NON_CRITICAL[0]


@pytest.fixture
def area(personas):
    submitted_session(personas.agent, personas.monitor, failed=[ITEM])
    submitted_session(personas.peer, personas.monitor, failed=[[ITEM], [], [], [], []])
    return personas


def test_analysis_export_writes_the_saved_analysis_as_xlsx(area, tmp_path, capsys):
    from openpyxl import load_workbook

    a = analysis_create(center=area.center, monitor=area.monitor, scope="half", period="2026-11-H1")
    a.strengths = "语气亲切"
    a.save()
    out = tmp_path / "a.xlsx"
    assert main(["analysis", "export", "--monitor", "8200", "--period", "2026-11-H1", "--format", "xlsx",
                 "--out", str(out)]) == 0  # fmt: skip
    assert "2 agents, 10 evaluations" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["监听分析表", "失分排列"]
    assert [c.value for c in wb["监听分析表"]["A"]][3:5] == ["8001", "8002"]
    assert wb["失分排列"]["B2"].value == 6  # 5 of 8001 + 1 of 8002
    assert "语气亲切" in [c.value for c in wb["总结"]["B"]]


def test_analysis_export_computes_a_draft_when_none_was_saved_and_writes_a_pdf(area, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert main(["analysis", "export", "--monitor", "8200", "--period", "2026-11", "--format", "pdf",
                 "--out", str(out)]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert "no saved analysis of 8200 for 2026-11" in captured.err and "草稿" in captured.out
    assert out.read_bytes()[:4] == b"%PDF"


def test_analysis_export_of_the_record_table(area, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert main(["analysis", "export", "--monitor", "8200", "--period", "2026-11-H1", "--format", "xlsx",
                 "--table", "records", "--out", str(out)]) == 0  # fmt: skip
    ws = load_workbook(out)["电话监控记录表"]
    assert ws.max_row == 11 and ws["A2"].value == "8001"


@pytest.mark.parametrize(
    ("monitor", "period", "message"),
    [
        ("8200", "2026-11-H3", "--period: '2026-11-H3' is not a period"),
        ("7777", "2026-11-H1", "--monitor: no person with work number 7777"),
        ("8001", "2026-11-H1", "--monitor: 8001 (张三) is not a QA monitor"),
    ],
)
def test_analysis_export_refuses_bad_arguments_with_exit_2(
    personas, tmp_path, capsys, monitor, period, message
):
    argv = ["analysis", "export", "--monitor", monitor, "--period", period, "--format", "pdf",
            "--out", str(tmp_path / "x.pdf")]  # fmt: skip
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def _delivery(personas, due_in_s):
    m = Message.objects.create(recipient=personas.agent, kind="urgent", title="注意")
    return WebhookDelivery.objects.create(
        message=m, url="http://127.0.0.1:9/x", payload=services.payload_of(m), attempts=1,
        next_attempt_at=timezone.now() + dt.timedelta(seconds=due_in_s),
    )  # fmt: skip


def test_webhooks_retry_attempts_only_the_due_deliveries(personas, monkeypatch, capsys, settings):
    settings.HOTLINE_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # a loopback receiver, allowed by the operator
    FeedbackSettings.objects.create(center=personas.center, webhook_url="http://127.0.0.1:9/x")
    due_ok, due_down, later = _delivery(personas, -5), _delivery(personas, -1), _delivery(personas, 600)
    sent = []

    def fake_post(url, body, headers, timeout=10.0):
        payload = json.loads(body)
        sent.append(payload["id"])
        if payload["id"] == due_down.message_id:
            raise ConnectionRefusedError("down")
        return 200

    monkeypatch.setattr(services, "_post", fake_post)
    assert main(["webhooks", "retry", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["attempted"] == 2 and sorted(sent) == sorted([due_ok.message_id, due_down.message_id])
    by_id = {d["id"]: d for d in out["deliveries"]}
    assert by_id[due_ok.pk]["status"] == "sent"
    assert by_id[due_down.pk]["status"] == "pending" and by_id[due_down.pk]["attempts"] == 2
    assert "ConnectionRefusedError" in by_id[due_down.pk]["error"]
    later.refresh_from_db()
    assert later.attempts == 1 and later.status == "pending"
    assert main(["webhooks", "retry"]) == 0  # the failed one now waits 60 s
    assert "no webhook delivery is due" in capsys.readouterr().out


def test_webhooks_retry_help_says_cron_can_call_it(capsys):
    with pytest.raises(SystemExit):
        main(["webhooks", "retry", "--help"])
    assert "Cron can call it" in capsys.readouterr().out


def test_analysis_export_asks_for_the_center_when_the_monitor_has_several(area, tmp_path, capsys):
    for c in (area.center, area.other_center):
        analysis_create(center=c, monitor=area.monitor, scope="half", period="2026-11-H1")
    argv = ["analysis", "export", "--monitor", "8200", "--period", "2026-11-H1", "--format", "xlsx",
            "--out", str(tmp_path / "a.xlsx")]  # fmt: skip
    assert main(argv) == 2
    assert "several centers (huangdao, langfang): choose one with --center" in capsys.readouterr().err
    assert main([*argv, "--center", "huangdao"]) == 0
    assert "0 agents" in capsys.readouterr().out  # the other center's agents are not the monitor's
