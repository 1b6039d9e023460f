"""Demo steps "calls" and "audio" (§2): two months of calls, a Recording for every answered call,
and the audio files of the recordings someone is likely to open first.

Every answered call gets a ``Recording`` whose path is ``demo/<yyyy-mm>/<call_id>.wav`` (relative
to ``settings.RECORDINGS_DIR``). Files are written up front only for each agent's most recent
``ctx.audio_per_agent`` answered calls (what the recording pages list first); any other demo file is
synthesised on first request by ``hotline.demo.audio.ensure_demo_audio`` (about 0.2 s for a
two-minute call), identical to what an up-front run would have written.
"""

from __future__ import annotations

import os
from pathlib import Path

from .audio import RATE, spec_of, synthesize, write_wav
from .names import CENTERS
from .traffic import simulate_center

BATCH = 2000


def build_calls(ctx) -> None:
    from hotline.calls.models import Call, Recording
    from hotline.calls.rollups import rollups_rebuild
    from hotline.org.models import Person

    people = dict(Person.objects.filter(center__code__in=list(ctx.centers)).values_list("work_number", "pk"))
    total_rows = 0
    with ctx.bar("calls", total=len(CENTERS) * 3) as advance:
        for spec in CENTERS:
            center = ctx.centers[spec.code]
            sim = simulate_center(
                prefix=spec.call_prefix, agents=ctx.agents[spec.code], days=ctx.days, seed=ctx.seed
            )
            advance(1)
            rows = []
            for c in sim:
                local = c.local_date
                rows.append(
                    Call(
                        call_id=c.call_id,
                        center=center,
                        skill=c.skill,
                        direction=c.direction,
                        agent_id=people[c.agent] if c.agent else None,
                        customer=c.customer,
                        queued_at=c.queued_at,
                        answered_at=c.answered_at,
                        ended_at=c.ended_at,
                        started_at=c.started_at,
                        local_date=local,
                        weekday=local.weekday(),
                        talk_seconds=c.talk_seconds,
                        hold_seconds=c.hold_seconds,
                        acw_seconds=c.acw_seconds,
                        wait_seconds=c.wait_seconds,
                        abandoned=c.abandoned,
                        reason=c.reason,
                        resolved=c.resolved,
                        satisfied=c.satisfied,
                    )
                )
            Call.objects.bulk_create(rows, batch_size=BATCH)
            rollups_rebuild([center.pk])  # bulk_create sends no signal: the KPI rollups, once per center
            advance(1)
            ids = dict(Call.objects.filter(center=center).values_list("call_id", "pk"))
            recs = [
                Recording(
                    call_id=ids[c.call_id],
                    path=f"demo/{c.local_date:%Y-%m}/{c.call_id}.wav",
                    duration_seconds=(c.ended_at - c.answered_at).total_seconds(),
                    channels=2,
                    sample_rate=RATE,
                )
                for c in sim
                if c.answered_at is not None
            ]
            Recording.objects.bulk_create(recs, batch_size=BATCH)
            advance(1)
            total_rows += len(rows)
            ctx.counts[f"calls {spec.name}"] = len(rows)
            ctx.counts[f"recordings {spec.name}"] = len(recs)


def clear_calls(ctx) -> None:
    import shutil
    from pathlib import Path

    from django.conf import settings

    from hotline.calls.models import Call, CallRollup, CenterRollup, Recording, RecordingComment
    from hotline.calls.rollups import MONTH_MODELS, rollups_deferred

    codes = [c.code for c in CENTERS]
    RecordingComment.objects.filter(recording__call__center__code__in=codes).delete()
    Recording.objects.filter(call__center__code__in=codes).delete()
    CallRollup.objects.filter(center__code__in=codes).delete()
    CenterRollup.objects.filter(center__code__in=codes).delete()
    for model in MONTH_MODELS:
        model.objects.filter(center__code__in=codes).delete()
    with rollups_deferred():  # one refresh at the end, not one per deleted call
        Call.objects.filter(center__code__in=codes).delete()
    shutil.rmtree(Path(settings.RECORDINGS_DIR) / "demo", ignore_errors=True)


def up_front_recordings(ctx) -> list:
    """Each agent's most recent ``ctx.audio_per_agent`` answered calls' recordings."""
    from hotline.calls.models import Recording
    from hotline.org.models import Person, Role

    out = []
    agents = Person.objects.filter(center__code__in=list(ctx.centers), role=Role.AGENT).order_by(
        "work_number"
    )
    for agent in agents:
        out.extend(
            Recording.objects.filter(call__agent=agent, path__startswith="demo/")
            .select_related("call", "call__agent")
            .order_by("-call__started_at", "call__call_id")[: ctx.audio_per_agent]
        )
    return out


def _write(job: tuple) -> int:
    spec, path = job
    write_wav(Path(path), synthesize(spec))
    return Path(path).stat().st_size


def build_audio(ctx) -> None:
    """Write the up-front files, on ``HOTLINE_DEMO_WORKERS`` processes (default: up to 2 cores)."""
    if not ctx.audio:
        return
    from hotline.calls.services import recording_file

    jobs = []
    for rec in up_front_recordings(ctx):
        path = recording_file(rec)
        if not path.is_file():
            jobs.append((spec_of(rec.call), str(path)))
    workers = int(os.environ.get("HOTLINE_DEMO_WORKERS", min(2, os.cpu_count() or 1)))
    size = 0
    with ctx.bar("recordings", total=len(jobs)) as advance:
        if workers > 1 and len(jobs) > 4:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
                for n in pool.map(_write, jobs, chunksize=4):
                    size += n
                    advance(1)
        else:
            for job in jobs:
                size += _write(job)
                advance(1)
    ctx.counts["audio files written"] = len(jobs)
    ctx.counts["audio MB"] = round(size / 1e6, 1)
