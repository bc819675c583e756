from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import IdRevealLog, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are kept by the system administrator: role and scope node (a party member's login is
    chosen on the member)."""

    list_display = ("username", "full_name", "role", "scope_node", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name")
    autocomplete_fields = ("scope_node",)
    readonly_fields = ("linked_member",)
    fieldsets = BaseUserAdmin.fieldsets + (
        ("角色与管辖范围", {"fields": ("full_name", "role", "scope_node", "linked_member")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与管辖范围", {"fields": ("full_name", "role", "scope_node")}),)

    @admin.display(description="对应党员")
    def linked_member(self, obj):
        # The link is chosen on the member (党员 → 登录账号), so accounts points at no feature.
        return obj.member or "—（在“党员”中选择登录账号）"


@admin.register(IdRevealLog)
class IdRevealLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "model", "object_id", "count", "via")
    list_filter = ("via", "model")
    readonly_fields = ("at", "user", "model", "object_id", "count", "via")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
