from django.apps import AppConfig


class TownshipConfig(AppConfig):
    name = "township"
    verbose_name = "乡镇工作"
