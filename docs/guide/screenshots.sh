#!/usr/bin/env bash
# Retake the guide's screenshots of the leadership charts and the print views (docs/guide/img/):
# the Playwright tests in tests/e2e/test_leadership_charts.py drive Debian's /usr/bin/chromium on
# a generated township and save what they check. Needs PostgreSQL (DATABASE_URL) like the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export GUIDE_SCREENSHOTS=docs/guide/img DJANGO_SETTINGS_MODULE=tests.settings
.venv/bin/pytest -q -p no:randomly tests/e2e/test_leadership_charts.py "$@"
ls -l docs/guide/img/
