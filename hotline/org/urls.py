from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
]
