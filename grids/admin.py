from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grids.models import Member


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    """For linking a member to their login (登录账号); the register pages are the real UI."""

    list_display = ("name", "village", "grid", "tier")
    search_fields = ("name", "name_initials", "id_last4")
    list_select_related = ("village", "grid")
    exclude = ("id_encrypted",)
    readonly_fields = ("id_masked", "id_hmac", "id_last4")
    autocomplete_fields = ("user",)
