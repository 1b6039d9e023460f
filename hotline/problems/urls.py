from django.urls import path

from . import views, views_cases, views_links

app_name = "problems"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("tree/edit/", views.tree_edit, name="tree_edit"),
    path("nodes/<id:pk>/", views.node, name="node"),
    path("nodes/<id:pk>/five-methods/", views_links.five_methods_start, name="five_methods_start"),
    path("links/", views_links.link_add, name="link_add"),
    path("links/<id:pk>/remove/", views_links.link_remove, name="link_remove"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("classify/", views.classify_page, name="classify"),
    path("cases/", views_cases.cases, name="cases"),
    path("cases/new/", views_cases.case_new, name="case_new"),
    path("cases/<id:pk>/", views_cases.case_detail, name="case"),
    path("cases/<id:pk>/action/", views_cases.case_action, name="case_action"),
    path("owners/", views_cases.owners, name="owners"),
    path("kb/", views.kb, name="kb"),
    path("kb/new/", views.article_new, name="article_new"),
    path("kb/<id:pk>/", views.article, name="article"),
    path("kb/<id:pk>/edit/", views.article_edit, name="article_edit"),
]
