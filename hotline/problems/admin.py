from django.contrib import admin

from .models import Article, ArticleRevision, ReasonNode, TreeVersion


@admin.register(TreeVersion)
class TreeVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "note", "created_at", "created_by")


@admin.register(ReasonNode)
class ReasonNodeAdmin(admin.ModelAdmin):
    list_display = ("path", "level", "version")
    list_filter = ("version",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "node_path", "version", "updated_at")
    search_fields = ("title", "body", "node_path")


admin.site.register(ArticleRevision)
