from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.recording_search, name="search"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/audio/", views.recording_audio, name="audio"),
    path("<int:pk>/comments/", views.recording_comment, name="comment"),
    path("imports/", views.import_list, name="imports"),
]
