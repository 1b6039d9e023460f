from django.urls import path

from . import views, views_imports

app_name = "calls"
urlpatterns = [
    path("", views.recording_search, name="search"),
    path("<id:pk>/", views.call_detail, name="detail"),
    path("<id:pk>/audio/", views.recording_audio, name="audio"),
    path("<id:pk>/comments/", views.recording_comment, name="comment"),
    path("imports/", views_imports.import_list, name="imports"),
    path("imports/new/", views_imports.import_new, name="import_new"),
    path("imports/<id:pk>/", views_imports.import_detail, name="import"),
    path("imports/<id:pk>/status/", views_imports.import_status, name="import_status"),
]
