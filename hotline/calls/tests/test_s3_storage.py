"""Recordings on S3-compatible storage (§10), against a real S3 server: moto in server mode on a free
local port, started by the tests (as PostgreSQL and Redis are used for real)."""

from __future__ import annotations

import io
import uuid

import numpy as np
import pytest
import soundfile as sf
from django.urls import reverse

from hotline.calls import storage
from hotline.calls.models import Recording

from .helpers import make_call, silent_wav

pytest.importorskip("moto.server")


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _host, port = server.get_host_and_port()
    yield f"http://localhost:{port}"  # a host name: path-style addressing must be the default
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """Recordings in a fresh bucket of the S3 server, under the prefix ``rec/``."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"rec-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    settings.RECORDINGS_STORAGE = "s3"
    settings.RECORDINGS_S3 = {
        "bucket_name": bucket,
        "endpoint_url": s3_server,
        "location": "rec",
        "region_name": "us-east-1",
    }
    return client, bucket


def _s3_call(agent, call_id, data: bytes, name=None):
    call = make_call(agent, call_id, with_audio=False)
    ref = storage.save(name or f"2026/10/{call_id}.wav", io.BytesIO(data))
    Recording.objects.create(call=call, path=ref, duration_seconds=2.0)
    return call, ref


def test_upload_exists_size_open(s3, personas):
    client, bucket = s3
    data = silent_wav(2.0)
    ref = storage.save("2026/10/a.wav", io.BytesIO(data))
    assert ref == "2026/10/a.wav"
    assert client.head_object(Bucket=bucket, Key="rec/2026/10/a.wav")["ContentLength"] == len(data)
    assert storage.exists(ref) and storage.size(ref) == len(data)
    with storage.open(ref) as fh:
        assert fh.read() == data
    assert not storage.exists("2026/10/missing.wav")
    with pytest.raises(FileNotFoundError):
        storage.size("2026/10/missing.wav")
    with pytest.raises(FileNotFoundError):
        storage.open("2026/10/missing.wav")
    assert storage.check("./2026//10/a.wav") == "2026/10/a.wav"


@pytest.mark.parametrize(
    "ref", ["../secret.wav", "a/../../b.wav", "/etc/passwd", "C:\\x.wav", "a\x00.wav", "~/x.wav", "s3://b/k"]
)
def test_hostile_keys_are_refused(s3, personas, ref):
    with pytest.raises(storage.RecordingPathError):
        storage.check(ref)
    with pytest.raises(storage.RecordingPathError):
        storage.save(ref, io.BytesIO(b"x"))
    assert not storage.exists(ref)
    with pytest.raises(storage.RecordingPathError):
        storage.resolve("a.wav")  # nothing local with S3


def test_a_stored_hostile_reference_is_not_served(s3, personas, login):
    client, bucket = s3
    client.put_object(Bucket=bucket, Key="outside.wav", Body=silent_wav(1.0))  # beside the prefix
    call = make_call(personas.agent, "s3h", with_audio=False)
    Recording.objects.create(call=call, path="../outside.wav")
    assert login(personas.agent).get(reverse("calls:audio", args=[call.pk])).status_code == 404


def test_the_audio_view_streams_from_s3_with_and_without_range(s3, personas, login):
    data = silent_wav(2.0)
    call, _ = _s3_call(personas.agent, "s3a", data)
    c = login(personas.agent)
    r = c.get(reverse("calls:audio", args=[call.pk]))
    assert r.status_code == 200 and r["Accept-Ranges"] == "bytes" and r["Content-Type"] == "audio/wav"
    assert r["Content-Length"] == str(len(data)) and b"".join(r.streaming_content) == data
    r = c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=100-1099")
    assert r.status_code == 206 and r["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert b"".join(r.streaming_content) == data[100:1100]
    r = c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=-10")
    assert r.status_code == 206 and b"".join(r.streaming_content) == data[-10:]
    r = c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE=f"bytes={len(data)}-")
    assert r.status_code == 416 and r["Content-Range"] == f"bytes */{len(data)}"


def test_a_missing_object_is_404(s3, personas, login):
    call = make_call(personas.agent, "s3m", with_audio=False)
    Recording.objects.create(call=call, path="2026/10/none.wav")
    assert login(personas.agent).get(reverse("calls:audio", args=[call.pk])).status_code == 404


def test_another_center_is_refused(s3, personas, login):
    call, _ = _s3_call(personas.agent, "s3o", silent_wav(1.0))
    for person in (personas.outsider, personas.other_agent):
        assert login(person).get(reverse("calls:audio", args=[call.pk])).status_code == 404


def test_alaw_from_s3_is_transcoded_via_the_cache_and_seekable(s3, personas, login):
    t = np.arange(8000) / 8000
    buf = io.BytesIO()
    sf.write(buf, 0.3 * np.sin(2 * np.pi * 440 * t), 8000, subtype="ALAW", format="WAV")
    call, _ = _s3_call(personas.agent, "s3l", buf.getvalue())
    c = login(personas.agent)
    body = b"".join(c.get(reverse("calls:audio", args=[call.pk])).streaming_content)
    assert sf.info(io.BytesIO(body)).subtype == "PCM_16"
    r = c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=0-99")
    assert r.status_code == 206 and b"".join(r.streaming_content) == body[:100]


def test_health_checks_the_bucket(s3, client, settings):
    r = client.get("/healthz")
    assert r.json()["checks"]["recordings"] == "ok"
    settings.RECORDINGS_S3 = {**settings.RECORDINGS_S3, "bucket_name": "no-such-bucket-here"}
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["checks"]["recordings"] == "error"


def test_import_recordings_indexes_the_keys_under_a_prefix(s3, personas):
    from hotline.calls.services import TableError, recordings_index

    client, bucket = s3
    a = make_call(personas.agent, "k1", with_audio=False)
    b = make_call(personas.agent, "k2", with_audio=False)
    for key in ("rec/2026/10/k1.wav", "rec/2026/10/k2.mp3", "rec/2026/10/k9.wav", "rec/2026/10/notes.txt"):
        client.put_object(Bucket=bucket, Key=key, Body=b"x")
    client.put_object(Bucket=bucket, Key="other/k1.wav", Body=b"x")  # outside HOTLINE_S3_PREFIX
    result = recordings_index(directory="2026/10")
    assert (result.linked, result.unmatched) == (2, ["k9"])
    assert Recording.objects.get(call=a).path == "2026/10/k1.wav"
    assert Recording.objects.get(call=b).path == "2026/10/k2.mp3"
    assert recordings_index(directory=".").unchanged == 2
    with pytest.raises(TableError):
        recordings_index(directory="../other")


def test_a_storage_failure_is_a_503_naming_no_detail(s3, personas, login, monkeypatch):
    from botocore.exceptions import ClientError

    call, _ = _s3_call(personas.agent, "s3f", silent_wav(1.0))

    def denied(reference):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "HeadObject")

    monkeypatch.setattr(storage, "s3_head", denied)
    r = login(personas.agent).get(reverse("calls:audio", args=[call.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 503 and "AccessDenied" not in r.content.decode()


def test_the_header_is_read_once_per_object(s3, personas, login, monkeypatch):
    from hotline.calls import playback

    call, _ = _s3_call(personas.agent, "s3c", silent_wav(1.0))
    c = login(personas.agent)
    c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=0-9")
    reads = []
    real = playback._wav_needs_transcoding
    monkeypatch.setattr(playback, "_wav_needs_transcoding", lambda h: reads.append(1) or real(h))
    r = c.get(reverse("calls:audio", args=[call.pk]), HTTP_RANGE="bytes=10-19")
    assert r.status_code == 206 and reads == []


def test_the_cli_and_the_import_page_index_an_s3_prefix(s3, personas, login, capsys):
    from hotline.calls.models import ImportBatch
    from hotline.cli.main import main

    client, bucket = s3
    a = make_call(personas.agent, "c1", with_audio=False)
    b = make_call(personas.agent, "c2", with_audio=False)
    client.put_object(Bucket=bucket, Key="rec/in/c1.wav", Body=b"x")
    client.put_object(Bucket=bucket, Key="rec/web/c2.wav", Body=b"x")
    assert main(["import", "recordings", "in"]) == 0
    assert "1 linked" in capsys.readouterr().out and Recording.objects.get(call=a).path == "in/c1.wav"
    assert main(["import", "recordings", "../in"]) != 0
    assert "Traceback" not in capsys.readouterr().err
    data = {"kind": "recordings", "directory": "web", "pattern": r"(?P<call_id>[^/]+)\.wav$"}
    login(personas.admin).post(reverse("calls:import_new"), data)
    assert ImportBatch.objects.latest("pk").status == "done"
    assert Recording.objects.get(call=b).path == "web/c2.wav"


def test_the_system_check_names_a_bad_storage_setting(settings):
    settings.RECORDINGS_STORAGE = "s3"
    settings.RECORDINGS_S3 = {"bucket_name": ""}
    assert [e.id for e in storage.check_settings()] == ["hotline.E_RECORDINGS_STORAGE"]
    settings.RECORDINGS_STORAGE = "ftp"
    assert "local or s3" in storage.check_settings()[0].msg
    settings.RECORDINGS_STORAGE = "local"
    assert storage.check_settings() == []


def test_save_writes_inside_the_local_folder_without_s3(personas, settings):
    assert storage.save("x/y.wav", io.BytesIO(b"abc")) == "x/y.wav"
    assert (settings.RECORDINGS_DIR / "x" / "y.wav").read_bytes() == b"abc" and storage.size("x/y.wav") == 3
    with pytest.raises(storage.RecordingPathError):
        storage.save("../y.wav", io.BytesIO(b"abc"))
