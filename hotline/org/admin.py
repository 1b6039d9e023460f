from django.contrib import admin

from .models import Absence, ApiToken, AuditEntry, Center, Company, Department, Person, Team


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "timezone")


@admin.register(Company, Department, Team)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "center", "pinyin")
    list_filter = ("center",)
    search_fields = ("name",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("work_number", "name", "role", "center", "company", "team", "active")
    list_filter = ("role", "center", "active")
    search_fields = ("work_number", "name")
    filter_horizontal = ("monitors",)
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("key",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("person", "first_day", "last_day", "half", "kind", "note", "created_by")
    list_filter = ("kind", "person__center", "person__role")
    search_fields = ("person__work_number", "person__name")
    date_hierarchy = "first_day"
    raw_id_fields = ("person",)
    readonly_fields = ("created_by", "created_at")
