import pytest

from hotline.core.cdr import detect_format, parse_asterisk, parse_freeswitch, peer_of
from hotline.core.tabular import TableError, read_rows

AST16 = (
    '"","13812345678","600","from-pstn","""客户"" <13812345678>","SIP/trunk-00000001","SIP/8001-00000002",'
    '"Queue","orders","2026-10-08 09:00:00","2026-10-08 09:00:12","2026-10-08 09:03:12",192,180,"ANSWERED","DOCUMENTATION"\n'
    '"","13900001111","600","from-pstn","","SIP/trunk-00000003","","Queue","orders","2026-10-08 09:05:00",,'
    '"2026-10-08 09:05:40",40,0,"NO ANSWER","DOCUMENTATION"\n'
)
FS13 = (
    '"张三","13812345678","8002","default","2026-10-08 10:00:00","2026-10-08 10:00:05","2026-10-08 10:02:05",'
    '"125","120","NORMAL_CLEARING","a1b2c3","","acct"\n'
)


def test_asterisk_16_columns_give_answered_and_abandoned_calls(tmp_path):
    p = tmp_path / "Master.csv"
    p.write_text(AST16)
    t = read_rows(p, header=False)
    assert detect_format(read_rows(p)) == "asterisk"
    (a, b), errors = parse_asterisk(t)
    assert not errors
    assert a.agent == "8001" and a.talk_seconds == 180 and a.wait_seconds == 12
    assert b.abandoned and b.agent == "" and b.answered_at is None


def test_asterisk_18_columns_take_the_uniqueid_and_a_recording_in_userfield(tmp_path):
    line = AST16.splitlines()[0] + ',"1696726800.42","rec/1696726800.42.wav"\n'
    p = tmp_path / "Master.csv"
    p.write_text(line)
    (a,), _ = parse_asterisk(read_rows(p, header=False))
    assert a.call_id == "1696726800.42" and a.recording == "rec/1696726800.42.wav"


def test_freeswitch_default_template(tmp_path):
    p = tmp_path / "Master.csv"
    p.write_text(FS13)
    assert detect_format(read_rows(p)) == "freeswitch"
    (a,), errors = parse_freeswitch(read_rows(p, header=False))
    assert a.call_id == "a1b2c3" and a.agent == "8002" and a.duration == 120


def test_an_unknown_layout_is_refused_with_the_reason(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(TableError, match="无法判断格式"):
        detect_format(read_rows(p))


@pytest.mark.parametrize(
    "chan,peer", [("SIP/8001-0000a1b", "8001"), ("PJSIP/8002-00000001", "8002"), ("Agent/8003", "8003")]
)
def test_the_agent_is_the_peer_of_the_destination_channel(chan, peer):
    assert peer_of(chan) == peer
