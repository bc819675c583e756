from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共组件"

    def ready(self):
        from accounts.roles import EDIT_ROLES
        from core.dashboard import connect_signals
        from core.registers import autodiscover, nav

        autodiscover()
        connect_signals()
        nav("系统", "后台任务", "core:task_runs", roles=EDIT_ROLES, order=900)
