from django.urls import path

from . import views, views_targets

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("monthly/", views.report_index, name="monthly_index"),
    path("monthly/<id:pk>/<str:month>/", views.monthly, name="monthly"),
    path("monthly/<id:pk>/<str:month>/pdf/", views.monthly_pdf, name="monthly_pdf"),
    path("monthly/<id:pk>/<str:month>/xlsx/", views.monthly_xlsx, name="monthly_xlsx"),
    path("targets/", views_targets.targets_page, name="targets"),
]
