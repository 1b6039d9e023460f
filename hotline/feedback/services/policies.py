"""Versioned feedback settings (§3.7 approval window and training threshold, §4 dispute window and
certification tolerance, the outgoing webhook): :func:`feedback_settings_create` appends a version of a
center's (or the global) settings with ``hotline.org.versioning`` — the same rules as the quality
settings: never before today, after every existing version, the version in force ends the day before,
audited (the webhook secret is never written to the audit trail, only whether it changed)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.core.errors import InvalidInput
from hotline.org.models import Center
from hotline.org.policies import history, version_append

from ..models import FeedbackSettings
from ..webhook_urls import WebhookHostUnresolved, WebhookURLRefused, webhook_target

VALUE_FIELDS = (
    "approval_days", "dispute_working_days", "certification_tolerance", "training_threshold",
    "training_min_agents", "training_due_days", "retaliation_n", "retaliation_drop", "webhook_url",
    "webhook_secret", "knowledge_pass_mark", "excellent_score",
)  # fmt: skip


class FeedbackSettingsError(InvalidInput):
    """The new settings were refused (message in the user's language)."""


def settings_snapshot(row: FeedbackSettings | None) -> dict | None:
    """A JSON-ready copy for the audit trail; the secret only as a short fingerprint."""
    if row is None:
        return None
    out: dict = {"center": row.center_id}
    for f in (*VALUE_FIELDS, "effective_from", "effective_to"):
        v = getattr(row, f)
        if f == "webhook_secret":
            v = hashlib.sha256(v.encode()).hexdigest()[:8] if v else ""
        out[f] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def _check(values: dict) -> None:
    if values["approval_days"] < 1 or values["dispute_working_days"] < 1 or values["training_due_days"] < 1:
        raise FeedbackSettingsError(_("期限至少为1天"))
    if not 0 < values["training_threshold"] <= 1:
        raise FeedbackSettingsError(_("培训阈值须大于0且不超过1"))
    if values["certification_tolerance"] < 0 or values["retaliation_drop"] < 0:
        raise FeedbackSettingsError(_("容差和降幅不能为负数"))
    if not (0 <= values["knowledge_pass_mark"] <= 100 and 0 <= values["excellent_score"] <= 100):
        raise FeedbackSettingsError(_("及格线和分数线须在0到100之间"))
    if values["training_min_agents"] < 1 or values["retaliation_n"] < 1:
        raise FeedbackSettingsError(_("人数和评分数至少为1"))


def feedback_settings_create(
    *, center: Center | None, effective_from: dt.date, actor=None, today: dt.date | None = None, **values
) -> FeedbackSettings:
    """A new settings version of ``center`` (``None``: every center) from ``effective_from`` on.

    ``values`` are the fields of ``VALUE_FIELDS``; a field left out keeps the value of the version in
    force on ``effective_from`` (so a new webhook URL keeps the secret)."""
    from ..services import settings_for

    unknown = set(values) - set(VALUE_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    base = settings_for(center, effective_from)
    full = {f: values[f] if values.get(f) is not None else getattr(base, f) for f in VALUE_FIELDS}
    full["webhook_url"] = (full["webhook_url"] or "").strip()
    _check(full)
    if full["webhook_url"] and full["webhook_url"] != (base.webhook_url or "").strip():
        try:  # no server-side request forgery: public hosts only, unless allowed by the operator
            webhook_target(full["webhook_url"])
        except WebhookHostUnresolved:
            pass  # not resolvable yet (DNS to come): judged again at every delivery
        except WebhookURLRefused as exc:
            raise FeedbackSettingsError(str(exc)) from None
    return version_append(
        model=FeedbackSettings, center=center, values=full, effective_from=effective_from,
        today=today or timezone.localdate(), actor=actor, action="feedback.settings",
        snapshot=settings_snapshot, error=FeedbackSettingsError,
    )  # fmt: skip


def settings_history(center: Center | None) -> list[FeedbackSettings]:
    return history(FeedbackSettings, center)
