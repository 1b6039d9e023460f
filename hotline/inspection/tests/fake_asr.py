"""A local ASR engine for the tests (``HOTLINE_ASR_ENGINE=python:hotline.inspection.tests.fake_asr:engine``):
no model, it "recognises" every piece of speech as a greeting and counts what it heard."""

from __future__ import annotations

HEARD: list[tuple[int, float]] = []  # (sample rate, seconds) of every piece recognised


def engine(model_dir: str):
    def recognise(samples, rate: int) -> str:
        HEARD.append((rate, len(samples) / rate))
        return "您好，很高兴为您服务" if len(HEARD) % 2 else "好的"

    return recognise
