"""What the recording search (calls app) may ask of quality: calls by score and by training flag (§2)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Evaluation, TrainingFlag


def call_ids_scored(min_score: float | None = None, max_score: float | None = None) -> QuerySet:
    """Ids of calls with a submitted evaluation whose current score lies in [min_score, max_score]."""
    qs = Evaluation.objects.filter(version__gt=0, call__isnull=False, score__isnull=False)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if max_score is not None:
        qs = qs.filter(score__lte=max_score)
    return qs.values("call_id")


def call_ids_flagged(kind: str = "") -> QuerySet:
    """Ids of calls whose recording is in the training library (optionally only excellent or poor)."""
    qs = TrainingFlag.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.values("recording__call_id")


FLAG_CHOICES = TrainingFlag.Kind.choices
