from django.urls import path

from . import views, views_policies

app_name = "org"
urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("absences/", views.absences, name="absences"),
    path("absences/<int:pk>/delete/", views.absence_remove, name="absence_delete"),
    path("settings/", views_policies.policies, name="policies"),
]
