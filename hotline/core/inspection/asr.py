"""Local ASR engines behind one interface (SPEC §8): recording → transcript sentences.

Engines run offline on a model directory the user installs; nothing is ever downloaded. The engine
package is imported only when a transcriber is built, and a missing package or model gives an
:class:`ASRUnavailable` with a message saying what to install where. Nothing here is needed for
the tests or the rest of the product: transcripts can always be imported as JSON instead.

Supported engines (``engine`` name → package):

* ``sherpa-onnx`` → ``sherpa_onnx`` (offline paraformer/SenseVoice model directory holding
  ``model.onnx`` or ``model.int8.onnx`` and ``tokens.txt``);
* ``funasr-onnx`` → ``funasr_onnx`` (a Paraformer model directory with ``model.onnx``/``model_quant.onnx``
  and ``config.yaml``).

Speaker attribution needs no diarisation: each channel of the stereo file (agent left, customer
right) is recognised separately, cut at pauses by the energy VAD of :mod:`.audio`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hotline.core.errors import HotlineError

from .audio import ENERGY, FRAME, Settings, frame_levels, read_wav, segments, voice_activity
from .rules import Sentence


class ASRUnavailable(HotlineError, RuntimeError):
    """The engine package or its model is missing; the message says how to fix it (for operators)."""

    code = "asr_unavailable"
    http_status = 503


@dataclass(frozen=True)
class EngineInfo:
    name: str
    module: str
    pip: str
    model_files: tuple[tuple[str, ...], ...]  # each tuple: any one of these must exist


ENGINES = {
    "sherpa-onnx": EngineInfo("sherpa-onnx", "sherpa_onnx", "sherpa-onnx",
                              (("model.onnx", "model.int8.onnx"), ("tokens.txt",))),
    "funasr-onnx": EngineInfo("funasr-onnx", "funasr_onnx", "funasr-onnx",
                              (("model.onnx", "model_quant.onnx"), ("config.yaml",))),
}  # fmt: skip

Recognise = Callable[[np.ndarray, int], str]  # float mono samples, rate → text


def check_model(engine: str, model_dir: str | Path) -> Path:
    """The model directory if it holds the engine's files; ASRUnavailable naming what is missing."""
    info = _info(engine)
    path = Path(model_dir).expanduser()
    if not path.is_dir():
        raise ASRUnavailable(f"{engine}: model directory {path} does not exist — install a model there first")
    for options in info.model_files:
        if not any((path / f).is_file() for f in options):
            raise ASRUnavailable(
                f"{engine}: {path} has none of {', '.join(options)} — is this the right model?"
            )
    return path


def load_engine(engine: str, model_dir: str | Path) -> Recognise:
    """A recogniser function for the engine and model (imports the engine package now).

    ``engine`` is a name of :data:`ENGINES`, or ``"python:package.module:factory"`` for an engine of
    the center's own (another local model, a wrapper of an on-premises ASR server): ``factory(model_dir)``
    must return a :data:`Recognise` function.
    """
    if engine.startswith("python:"):
        return _custom(engine.removeprefix("python:"), model_dir)
    info = _info(engine)
    path = check_model(engine, model_dir)
    try:
        mod = importlib.import_module(info.module)
    except ImportError as exc:
        raise ASRUnavailable(
            f"{engine}: the Python package is not installed (pip install {info.pip}); "
            "or import transcripts as JSON instead"
        ) from exc
    return _BUILDERS[engine](mod, path)


def transcribe(path: str | Path, recognise: Recognise, s: Settings | None = None) -> tuple[Sentence, ...]:
    """Sentences of a stereo recording: each channel cut at pauses, each piece recognised."""
    s = s or ENERGY  # cut at pauses as before
    rate, x = read_wav(path)
    out = []
    for ch, speaker in enumerate(("agent", "customer")[: x.shape[1]]):
        active, _ = voice_activity(frame_levels(x[:, ch], rate, s.frame), s)
        for seg in segments(active, s.frame, 0.3):
            piece = x[int(seg.start * rate) : int(seg.end * rate), ch].astype(np.float32)
            text = recognise(piece, rate).strip()
            if text:
                out.append(Sentence(speaker, seg.start, seg.end, text))
    return tuple(sorted(out, key=lambda z: z.start))


def _custom(spec: str, model_dir: str | Path) -> Recognise:
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise ASRUnavailable(f"python:{spec}: expected python:package.module:factory")
    try:
        factory = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ASRUnavailable(f"python:{spec}: cannot import the factory ({exc})") from exc
    recognise = factory(str(model_dir))
    if not callable(recognise):
        raise ASRUnavailable(f"python:{spec}: the factory did not return a function (samples, rate) → text")
    return recognise


def _info(engine: str) -> EngineInfo:
    try:
        return ENGINES[engine]
    except KeyError:
        raise ASRUnavailable(f"unknown ASR engine {engine!r}; known: {', '.join(ENGINES)}") from None


def _sherpa(mod, path: Path) -> Recognise:
    model = next(p for p in (path / "model.int8.onnx", path / "model.onnx") if p.is_file())
    rec = mod.OfflineRecognizer.from_paraformer(paraformer=str(model), tokens=str(path / "tokens.txt"))

    def run(samples: np.ndarray, rate: int) -> str:
        stream = rec.create_stream()
        stream.accept_waveform(rate, samples)
        rec.decode_stream(stream)
        return stream.result.text

    return run


def _funasr(mod, path: Path) -> Recognise:
    quant = (path / "model_quant.onnx").is_file()
    model = mod.Paraformer(str(path), batch_size=1, quantize=quant)

    def run(samples: np.ndarray, rate: int) -> str:
        if rate != 16000:
            n = int(len(samples) * 16000 / rate)
            samples = np.interp(np.linspace(0, len(samples) - 1, n), np.arange(len(samples)), samples).astype(
                np.float32
            )
        result = model(samples)
        return "".join(r.get("preds", "") if isinstance(r, dict) else str(r) for r in result)

    return run


_BUILDERS = {"sherpa-onnx": _sherpa, "funasr-onnx": _funasr}
__all__ = ["ENGINES", "FRAME", "ASRUnavailable", "check_model", "load_engine", "transcribe"]
