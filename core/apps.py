from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共组件"

    def ready(self):
        from django.db.models.signals import pre_save

        from accounts.roles import OFFICE_ROLES, SYSTEM_ROLES
        from core.history import record_baseline
        from core.registers import autodiscover, nav, nav_section

        # Before a row without history is first changed, its state is recorded (core.history).
        pre_save.connect(record_baseline, dispatch_uid="core.history.record_baseline")

        autodiscover()
        # The foundation's own pages, last in the menu.
        nav_section("系统管理", 900)
        nav("系统管理", "后台任务", "core:task_runs", roles=OFFICE_ROLES, order=900)
        nav("系统管理", "后台管理（用户、角色、参数）", "admin:index", roles=SYSTEM_ROLES, order=920)
