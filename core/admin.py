"""The background-task records in the admin (the 后台任务 page is the everyday view)."""

from django.contrib import admin, messages

from core.jobs import retry_run
from core.models import OutboxMessage, TaskRun, TaskRunStatus


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ("task_name", "status", "deliveries", "started_at", "finished_at", "township_id")
    list_filter = ("status", "task_name")
    search_fields = ("task_id", "task_name")
    readonly_fields = [f.name for f in TaskRun._meta.fields]
    actions = ["retry"]

    @admin.action(description="重新执行选中的已放弃任务")
    def retry(self, request, queryset):
        runs = list(queryset.filter(status=TaskRunStatus.GAVE_UP, retried_as=""))
        for run in runs:
            retry_run(run)
        self.message_user(request, f"已重新执行 {len(runs)} 项任务", messages.SUCCESS)

    def has_add_permission(self, request):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("task_name", "created_at", "sent_at", "send_attempts", "township_id")
    list_filter = ("task_name",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
