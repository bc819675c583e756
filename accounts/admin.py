from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import IdRevealLog, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are kept by the system administrator: role, scope node and linked party member."""

    list_display = ("username", "full_name", "role", "scope_node", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name")
    autocomplete_fields = ("scope_node", "member")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("角色与管辖范围", {"fields": ("full_name", "role", "scope_node", "member")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("角色与管辖范围", {"fields": ("full_name", "role", "scope_node", "member")}),
    )


@admin.register(IdRevealLog)
class IdRevealLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "model", "object_id", "count", "via")
    list_filter = ("via", "model")
    readonly_fields = ("at", "user", "model", "object_id", "count", "via")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
