"""The REST API (django-ninja): OpenAPI schema at /api/openapi.json, docs at /api/docs.

Authentication: the browser session, or ``Authorization: Bearer <token>`` with an ``ApiToken``.
Every endpoint applies the same access rules as the pages (each app's ``access.py``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from hotline.core.errors import Forbidden, HotlineError, NotFound
from hotline.errors import error_body, out_of_range
from hotline.org.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        t = ApiToken.objects.select_related("user").filter(key=token).first()
        if t is None or not t.user.is_active:
            return None
        ApiToken.objects.filter(pk=t.pk).update(last_used_at=timezone.now())
        request.user = t.user
        return t.user


api = NinjaAPI(
    title="hotline API",
    version="1",
    description="Calls, recordings, people and the monitoring regime of a call center.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)


# Every refusal is JSON ``{"code", "detail", "field"}`` in the reader's language — never an HTML page.
@api.exception_handler(HotlineError)
def _refused(request, exc: HotlineError):
    return api.create_response(request, error_body(exc), status=exc.http_status)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _refused(request, Forbidden())


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _refused(request, NotFound())


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request, exc):
    return _refused(request, out_of_range())


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    body = {"code": "unauthenticated", "detail": str(_("请先登录或提供有效的令牌。")), "field": None}
    return api.create_response(request, body, status=401)


from hotline.calls.api import router as calls_router  # noqa: E402
from hotline.org.api import router as org_router  # noqa: E402

api.add_router("/people", org_router)
api.add_router("/absences", "hotline.org.api.absence_router")
api.add_router("/policies", "hotline.org.api_policies.router")
api.add_router("/calls", calls_router)
api.add_router("/performance", "hotline.performance.api.router")
api.add_router("/reports", "hotline.reports.api.router")
api.add_router("/quality", "hotline.quality.api.router")
api.add_router("/feedback", "hotline.feedback.api.router")
api.add_router("/problems", "hotline.problems.api.router")
api.add_router("/workforce", "hotline.workforce.api.router")
api.add_router("/inspection", "hotline.inspection.api.router")
