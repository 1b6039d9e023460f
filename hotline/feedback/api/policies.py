"""REST API of the versioned feedback settings (§3.7, §4, §10), mounted on the feedback router:
``GET/POST /api/feedback/settings?center=<code>|*``. Same rules as ``/feedback/settings/``: managers
read their center's and the global versions and add versions for their center, administrators add any
(``access.can_view_settings``/``can_edit_settings``); a new version goes through the page's own form
(its ranges) and ``feedback_settings_create`` (versioning, audit). The webhook secret is never
returned — only whether one is set."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema, Status

from hotline.core.errors import InvalidInput, gettext_noop
from hotline.org.access import settings_scope

from .. import access
from ..services import settings_for
from ..services.policies import FeedbackSettingsError, feedback_settings_create, settings_history
from ..views.policies import FeedbackSettingsForm

router = Router(tags=["feedback"])
_VALUES = (
    "approval_days", "dispute_working_days", "certification_tolerance", "training_threshold",
    "training_min_agents", "training_due_days", "retaliation_n", "retaliation_drop", "webhook_url",
    "knowledge_pass_mark", "excellent_score",
)  # fmt: skip


class FeedbackSettingsVersionOut(Schema):
    id: int | None
    center: str | None
    approval_days: int
    dispute_working_days: int
    certification_tolerance: float
    training_threshold: float
    training_min_agents: int
    training_due_days: int
    retaliation_n: int
    retaliation_drop: float
    webhook_url: str
    knowledge_pass_mark: float
    excellent_score: float
    webhook_secret_set: bool
    effective_from: dt.date
    effective_to: dt.date | None


class FeedbackSettingsOut(Schema):
    center: str | None
    can_edit: bool
    inherits: bool
    in_force: FeedbackSettingsVersionOut
    history: list[FeedbackSettingsVersionOut]


class FeedbackSettingsIn(Schema):
    """Fields left out keep the value of the version in force on ``effective_from``; ``webhook_secret``
    left out keeps the secret, ``clear_secret`` removes it."""

    effective_from: dt.date
    approval_days: int | None = None
    dispute_working_days: int | None = None
    certification_tolerance: float | None = None
    training_threshold: float | None = None
    training_min_agents: int | None = None
    training_due_days: int | None = None
    retaliation_n: int | None = None
    retaliation_drop: float | None = None
    webhook_url: str | None = None
    knowledge_pass_mark: float | None = None
    excellent_score: float | None = None
    webhook_secret: str | None = None
    clear_secret: bool = False


def _version_out(row) -> dict:
    out = {f: getattr(row, f) for f in _VALUES}
    out.update(
        id=row.pk, center=row.center.code if row.center_id else None, webhook_secret_set=bool(row.webhook_secret),
        effective_from=row.effective_from, effective_to=row.effective_to,
    )  # fmt: skip
    return out


def _out(user, center) -> dict:
    history = settings_history(center)
    return {
        "center": center.code if center else None,
        "can_edit": access.can_edit_settings(user, center),
        "inherits": center is not None and not history,
        "in_force": _version_out(settings_for(center, timezone.localdate())),
        "history": [_version_out(r) for r in history],
    }


def _scope(request, center: str | None):
    if not access.can_view_settings(request.user):
        raise PermissionDenied
    return settings_scope(request.user, center)


@router.get("/settings", response=FeedbackSettingsOut)
def get_settings(request, center: str | None = None):
    """The feedback settings in force today for a scope (``center``: a code, ``*`` the global rows;
    omitted: your own) and every version of that scope, newest first."""
    return _out(request.user, _scope(request, center))


@router.post("/settings", response={201: FeedbackSettingsOut})
def create_settings(request, payload: FeedbackSettingsIn, center: str | None = None):
    """A new version of the scope from ``effective_from`` on; refused values answer 400."""
    scope = _scope(request, center)
    if not access.can_edit_settings(request.user, scope):
        raise PermissionDenied
    data = payload.dict()
    base = settings_for(scope, payload.effective_from)
    fields = {f: data[f] if data[f] is not None else getattr(base, f) for f in _VALUES}
    form = FeedbackSettingsForm(
        {**fields, "webhook_secret": data["webhook_secret"] or "", "clear_secret": data["clear_secret"] or "",
         "effective_from": payload.effective_from.isoformat()}
    )  # fmt: skip
    if not form.is_valid():
        field = next(iter(form.errors))
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        raise InvalidInput(gettext_noop("设置无效：%(errors)s"), field=field, params={"errors": errors})
    try:
        feedback_settings_create(
            center=scope, effective_from=payload.effective_from, actor=request.user, **form.values()
        )
    except FeedbackSettingsError:
        raise  # a HotlineError: answered 400 in the reader's language
    return Status(201, _out(request.user, scope))
