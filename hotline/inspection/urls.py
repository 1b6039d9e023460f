from django.urls import path

from . import views, views_risk, views_rules

app_name = "inspection"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<id:pk>/", views.run_detail, name="run"),
    path("risk/", views.risk_list, name="risk"),
    path("high-risk/", views_risk.high_risk, name="high_risk"),
    path("rules/", views_rules.rule_pack, name="rules"),
    path("calls/<id:pk>/", views.call_result, name="call"),
]
