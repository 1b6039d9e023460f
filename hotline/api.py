"""The REST API (django-ninja): OpenAPI schema at /api/openapi.json, docs at /api/docs.

Authentication: the browser session, or ``Authorization: Bearer <token>`` with an ``ApiToken``.
Every endpoint applies the same access rules as the pages (each app's ``access.py``).
"""

from __future__ import annotations

from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

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
