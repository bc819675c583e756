from django.contrib import admin
from mptt.admin import MPTTModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from places.models import Area


@admin.register(Area)
class AreaAdmin(MPTTModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code", "name_initials")
