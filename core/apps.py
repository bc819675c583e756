from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共组件"

    def ready(self):
        from accounts.roles import EDIT_ROLES
        from core.registers import autodiscover, nav

        autodiscover()
        nav("系统", "后台任务", "core:task_runs", roles=EDIT_ROLES, order=900)
