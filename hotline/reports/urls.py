from django.urls import path

from . import views, views_national, views_targets

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("monthly/", views.report_index, name="monthly_index"),
    path("monthly/<id:pk>/<str:month>/", views.monthly, name="monthly"),
    path("monthly/<id:pk>/<str:month>/pdf/", views.monthly_pdf, name="monthly_pdf"),
    path("monthly/<id:pk>/<str:month>/xlsx/", views.monthly_xlsx, name="monthly_xlsx"),
    path("targets/", views_targets.targets_page, name="targets"),
    path("national/", views_national.national_index, name="national_index"),
    path("national/surveys/", views_national.surveys, name="national_surveys"),
    path("national/<str:month>/", views_national.national, name="national"),
    path("national/<str:month>/pdf/", views_national.national_pdf, name="national_pdf"),
    path("national/<str:month>/xlsx/", views_national.national_xlsx, name="national_xlsx"),
]
