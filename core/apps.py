from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共组件"

    def ready(self):
        from accounts.roles import OFFICE_ROLES, SYSTEM_ROLES
        from core.registers import autodiscover, nav, nav_section

        autodiscover()
        # The foundation's own pages, last in the menu.
        nav_section("系统管理", 900)
        nav("系统管理", "后台任务", "core:task_runs", roles=OFFICE_ROLES, order=900)
        nav("系统管理", "后台管理（用户、角色、参数）", "admin:index", roles=SYSTEM_ROLES, order=920)
