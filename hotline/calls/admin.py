from django.contrib import admin

from .models import Call, ImportBatch, Recording


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("call_id", "center", "agent", "started_at", "talk_seconds", "abandoned")
    list_filter = ("center", "direction", "abandoned", "skill")
    search_fields = ("call_id", "agent__work_number")
    raw_id_fields = ("agent", "batch")
    date_hierarchy = "started_at"


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ("call", "path", "duration_seconds")
    raw_id_fields = ("call",)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "source", "rows", "created", "updated", "skipped")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
