from django.urls import path

from . import views

app_name = "inspection"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("risk/", views.risk_list, name="risk"),
    path("calls/<int:pk>/", views.call_result, name="call"),
]
