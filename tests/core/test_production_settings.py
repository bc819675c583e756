"""Production settings, run as production runs them: manage.py in a subprocess with the README's
environment (the test process itself runs on tests/settings.py)."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("SECRET_KEY", "ID_ENCRYPTION_KEY", "ID_HMAC_KEY")


def readme_production_environment() -> dict[str, str]:
    """The variables the README's production example exports, with real secrets for its '...'."""
    from cryptography.fernet import Fernet

    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("## 正式部署", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        if line.startswith("export "):
            for word in shlex.split(line, comments=True)[1:]:
                name, _, value = word.partition("=")
                env[name] = value
    generated = {
        "SECRET_KEY": "k" + os.urandom(40).hex(),
        "ID_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ID_HMAC_KEY": os.urandom(32).hex(),
    }
    for name in SECRETS:
        assert env.get(name) == "...", f"the README's production example should name {name}"
        env[name] = generated[name]
    # The README's database does not exist here; settings only parse the URL.
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/township")
    return env


def manage(*args, env: dict[str, str], timeout=120):
    # Not the test process's own switches (nor DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set).
    dropped = {*SECRETS, "DEBUG", "HTTPS", "TRUSTED_PROXY_COUNT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_readme_production_settings_pass_check_deploy_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=readme_production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", [SECRETS, ("ID_ENCRYPTION_KEY",), ("ID_HMAC_KEY",), ("SECRET_KEY",)])
def test_production_refuses_to_start_without_each_secret_and_says_how_to_make_it(missing):
    env = readme_production_environment()
    for name in missing:
        del env[name]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "拒绝启动" in result.stderr
    for name in missing:
        assert f"{name}：python -c" in result.stderr
    for name in set(SECRETS) - set(missing):
        assert f"{name}：" not in result.stderr


def test_production_refuses_the_placeholders_of_env_example():
    example = (ROOT / ".env.example").read_text("utf-8")
    placeholder = re.search(r"^SECRET_KEY=(.+)$", example, re.M).group(1)
    env = {**readme_production_environment(), "SECRET_KEY": placeholder}
    result = manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY：python -c" in result.stderr


def test_a_bad_encryption_key_is_refused_with_how_to_make_one():
    env = {**readme_production_environment(), "ID_ENCRYPTION_KEY": "not-a-fernet-key"}
    result = manage("check", env=env)
    assert result.returncode != 0 and "不是有效的 Fernet 密钥" in result.stderr


def test_development_starts_without_secrets_only_with_debug():
    result = manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


PROBE = """
from django.test import Client
plain = Client().get("/login/")
https = Client(HTTP_X_FORWARDED_PROTO="https").get("/login/")
print("plain", plain.status_code, plain.get("Location"))
print("https", https.status_code, https.get("Strict-Transport-Security"))
print("cookie", https.cookies["csrftoken"]["secure"])
"""


def test_behind_the_https_proxy_plain_http_is_redirected_and_https_gets_hsts():
    env = readme_production_environment()
    env.update(ALLOWED_HOSTS="testserver", STATIC_MANIFEST="0")  # no collectstatic here
    result = manage("shell", "--no-imports", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    words = [line.split(" ", 1) for line in result.stdout.splitlines()]
    lines = {w[0]: w[1] for w in words if w[0] in {"plain", "https", "cookie"}}
    assert lines["plain"] == "301 https://testserver/login/"
    assert lines["https"] == "200 max-age=31536000; includeSubDomains; preload"
    assert lines["cookie"] == "True"
