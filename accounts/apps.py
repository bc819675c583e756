from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        # The login stamps (absolute lifetime, renewal time) must be connected before the first
        # login, which in a worker or a test can come before the first request loads middleware.
        from accounts import middleware  # noqa: F401
