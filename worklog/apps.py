from django.apps import AppConfig


class WorklogConfig(AppConfig):
    name = "worklog"
    verbose_name = "工作日志"
