from django.urls import path

from . import views, views_rules

app_name = "performance"
urlpatterns = [
    path("", views.index, name="index"),
    path("appraisal/<id:pk>/<str:month>/", views.appraisal_detail, name="detail"),
    path("appraisal/<id:pk>/<str:month>/other-work/", views.other_work, name="other_work"),
    path("table/", views.appraisal_table, name="table"),
    path("totals/", views.totals, name="totals"),
    path("signoff/", views.signoff, name="signoff"),
    path("reopen/", views.reopen, name="reopen"),
    path("imports/", views.import_upload, name="imports"),
    path("rules/", views_rules.rules_page, name="rules"),
]
