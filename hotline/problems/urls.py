from django.urls import path

from . import views

app_name = "problems"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("tree/edit/", views.tree_edit, name="tree_edit"),
    path("nodes/<int:pk>/", views.node, name="node"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("classify/", views.classify_page, name="classify"),
    path("kb/", views.kb, name="kb"),
    path("kb/new/", views.article_new, name="article_new"),
    path("kb/<int:pk>/", views.article, name="article"),
    path("kb/<int:pk>/edit/", views.article_edit, name="article_edit"),
]
