# 乡镇党建与基层治理系统：常用命令。README.md 说明每个目标。
#
#   make run    安装依赖、迁移、（空库时）生成演示数据，在 http://127.0.0.1:8000 启动（SQLite；Celery worker 与 beat 用内嵌消息队列）
#   make test   安装依赖，ruff、Django 检查、迁移检查，然后 pytest（默认连本机 PostgreSQL）

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled whenever pyproject.toml is newer than this stamp.
STAMP := $(VENV)/.installed-deps

HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=

# make test uses the caller's DATABASE_URL (CI passes it), else the local PostgreSQL: the tests need PostgreSQL.
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/township)
# make run: embedded SQLite, and a Celery worker and beat on an embedded broker (kombu's filesystem
# transport, files under .run/), so tasks run in the background as in production with no server.
RUN_ENV := env -u REDIS_URL -u DATABASE_URL -u CELERY_TASK_ALWAYS_EAGER DEBUG=1 EMBEDDED_DIR=.run
# The project's own apps, named explicitly so that an app with models but no migrations package is caught too.
APPS := $(patsubst %/apps.py,%,$(wildcard */apps.py))
# Exit 0 when the database holds data, 3 when it is empty (anything else is an error).
HAS_DATA := import sys; from places.models import Area; sys.exit(0 if Area.objects.exists() else 3)

.PHONY: help install run test lint format check bench e2e-deps

help:
	@echo "make run       安装依赖、迁移、生成演示数据并在 http://$(HOST):$(PORT) 启动"
	@echo "make test      ruff、Django 检查、迁移检查和全部测试（PostgreSQL：DATABASE_URL）"
	@echo "make lint      ruff check 与 ruff format --check"
	@echo "make format    ruff format 并自动修复可修复的问题"
	@echo "make bench     运行 bench/run_all.py"
	@echo "make e2e-deps  浏览器测试所需：Playwright（Python 包）与 Debian 的 chromium"

install: $(STAMP)

# A venv whose interpreter no longer runs (moved or removed Python) is made again.
$(BIN)/python:
	$(PYTHON) -m venv --clear $(VENV)

$(STAMP): pyproject.toml .ci/requirements.py | $(BIN)/python
	@$(BIN)/python -c 'import sys' 2>/dev/null || $(PYTHON) -m venv --clear $(VENV)
	@echo "安装 Python 依赖（pyproject.toml）……"
	$(BIN)/python .ci/requirements.py dev > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q -r $(VENV)/requirements.txt
	@touch $@

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	@$(RUN_ENV) $(BIN)/python manage.py shell --no-imports -c '$(HAS_DATA)'; rc=$$?; \
	if [ $$rc -eq 3 ]; then \
		echo "数据库为空，生成演示数据（seed_demo，可能需要一两分钟）……"; \
		$(RUN_ENV) $(BIN)/python manage.py seed_demo || exit $$?; \
	elif [ $$rc -eq 0 ]; then \
		echo "数据库中已有数据，跳过 seed_demo（重新生成：$(BIN)/python manage.py seed_demo --reset）"; \
	else \
		exit $$rc; \
	fi
	@echo ""
	@echo "演示账号（密码均为 demo12345）："
	@echo "  admin      系统管理员：全部乡镇"
	@echo "  office     镇办公室：本镇全部台账、导入导出"
	@echo "  leader     镇领导：本镇只读、报表"
	@echo "  secretary  村书记：本村"
	@echo "  grid       网格员：本网格（走访、问题）"
	@echo "  member     党员：本人积分"
	@echo "打开 http://$(HOST):$(PORT)/ （后台任务由 Celery worker 执行；Ctrl+C 停止网站、worker 和 beat）"
	@echo ""
	$(RUN_ENV) $(BIN)/python manage.py rundev $(HOST):$(PORT)

# The checks run before pytest and every one runs even when an earlier one fails, so one run shows
# every problem. make test fails when pytest or any check fails. pytest's own exit status is left in
# .venv/.pytest-exit-code (make itself exits 2 on any failure; .ci/run exits with pytest's status).
# The suite, manage.py check and the migrations check all run on tests/settings.py: the production
# settings with throwaway secrets and plain HTTP (DEBUG=1 is only for make run).
test: install
	@export DATABASE_URL='$(TEST_DATABASE_URL)' DJANGO_SETTINGS_MODULE=tests.settings; failed=""; \
	step() { echo "==> $$*"; "$$@" || failed="$$failed  $$*"$$'\n'; }; \
	step $(BIN)/ruff check .; \
	step $(BIN)/ruff format --check .; \
	step $(BIN)/python manage.py check; \
	step $(BIN)/python manage.py makemigrations --check --dry-run $(APPS); \
	echo "==> $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)"; \
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; echo $$rc > $(VENV)/.pytest-exit-code; \
	if [ -n "$$failed" ]; then printf '未通过的检查：\n%s' "$$failed"; fi; \
	if [ $$rc -ne 0 ]; then echo "pytest 退出码 $$rc"; exit $$rc; fi; \
	[ -z "$$failed" ]

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run $(APPS)

bench: install
	@if [ -f bench/run_all.py ]; then $(BIN)/python bench/run_all.py; \
	else echo "bench/run_all.py 尚不存在"; exit 1; fi

# Playwright (the Python package) comes with the dev dependencies; the browser is Debian's chromium,
# which the tests find through PLAYWRIGHT_CHROMIUM (default /usr/bin/chromium).
e2e-deps: install
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" -ne 0 ]; then echo "需要 root 安装 chromium：apt-get install -y chromium"; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	fi
	@chromium --version
	@$(BIN)/python -c 'import playwright; from importlib.metadata import version; print("playwright", version("playwright"))'
