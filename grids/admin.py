from django.contrib import admin
from mptt.admin import MPTTModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from grids.models import Area, Member


@admin.register(Area)
class AreaAdmin(MPTTModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code", "name_initials")


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    """Only for choosing a member when linking a login; the register pages are the real UI."""

    list_display = ("name", "village", "grid", "tier")
    search_fields = ("name", "name_initials", "id_last4")
    list_select_related = ("village", "grid")
    exclude = ("id_encrypted",)
    readonly_fields = ("id_masked", "id_hmac", "id_last4")
