from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from issues.models import Problem, ProblemCategory, ProblemEvidence


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "township", "order")
    list_filter = ("township",)
    search_fields = ("name",)


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    """Read-only here: problems change through the ledger pages, whose services enforce the workflow."""

    list_display = ("code", "township", "level", "village", "category", "status", "deadline", "overdue")
    list_filter = ("level", "status", "overdue", "township")
    search_fields = ("code", "description", "responsible")
    list_select_related = ("township", "village", "category")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProblemEvidence)
class ProblemEvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "problem", "kind", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("problem", "uploaded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
