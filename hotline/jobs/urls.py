from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<id:pk>/", views.follow, name="follow"),
    path("<id:pk>/progress", views.progress, name="progress"),
]
