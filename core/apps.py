from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共组件"

    def ready(self):
        from django.db.models.signals import pre_save

        from accounts.roles import EDIT_ROLES
        from core.history import record_baseline
        from core.registers import autodiscover, nav

        # Before a row without history is first changed, its state is recorded (core.history).
        pre_save.connect(record_baseline, dispatch_uid="core.history.record_baseline")

        autodiscover()
        nav("系统", "后台任务", "core:task_runs", roles=EDIT_ROLES, order=900)
