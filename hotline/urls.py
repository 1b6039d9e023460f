from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for deployments that want /en/ URLs)
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from hotline.converters import IdConverter

register_converter(IdConverter, "id")  # before the apps' URL modules are included below

from hotline import views as site_views  # noqa: E402
from hotline.api import api  # noqa: E402
from hotline.health import healthz  # noqa: E402

urlpatterns = [
    path("", site_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("hotline.org.urls")),
    path("calls/", include("hotline.calls.urls")),
    path("quality/", include("hotline.quality.urls")),
    path("workforce/", include("hotline.workforce.urls")),
    path("performance/", include("hotline.performance.urls")),
    path("reports/", include("hotline.reports.urls")),
    path("feedback/", include("hotline.feedback.urls")),
    path("inspection/", include("hotline.inspection.urls")),
    path("problems/", include("hotline.problems.urls")),
    path("jobs/", include("hotline.jobs.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),  # no login: probes (hotline/health.py)
]

handler404 = "hotline.errors.page_not_found"
