from django.urls import path

from . import views, views_policies

app_name = "org"
urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/<id:pk>/", views.person_detail, name="person"),
    path("absences/", views.absences, name="absences"),
    path("absences/<id:pk>/delete/", views.absence_remove, name="absence_delete"),
    path("settings/", views_policies.policies, name="policies"),
]
