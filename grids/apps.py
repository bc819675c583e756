from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = "网格治理"
