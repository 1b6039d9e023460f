from django.urls import path

from . import views, views_rules

app_name = "performance"
urlpatterns = [
    path("", views.index, name="index"),
    path("appraisal/<id:pk>/<str:month>/", views.appraisal_detail, name="detail"),
    path("table/", views.appraisal_table, name="table"),
    path("signoff/", views.signoff, name="signoff"),
    path("reopen/", views.reopen, name="reopen"),
    path("imports/", views.import_upload, name="imports"),
    path("rules/", views_rules.rules_page, name="rules"),
]
