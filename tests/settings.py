"""Settings for the test suite: the production settings (DEBUG=0) with throwaway secrets and
plain HTTP (HTTPS=off), so every test runs the code paths production runs.

The secrets are set explicitly here rather than left to the development defaults, which apply
only with DEBUG=1. Tests of the production switches themselves (refusing to start without keys,
``check --deploy``) run ``manage.py`` in a subprocess with the README's production environment.
"""

import os

TEST_ENVIRONMENT = {
    "DEBUG": "0",
    "HTTPS": "off",
    "SECRET_KEY": "tests-only-throwaway-secret-key-5b0e7d1c9a2f48e6b3c1d0a9f8e7d6c5",
    "ID_ENCRYPTION_KEY": "29vly9zCwtT09sI9iR4QERBmiXVlwVo-h9EDhPH559I=",
    "ID_HMAC_KEY": "tests-only-throwaway-hmac-key",
}
for _name, _value in TEST_ENVIRONMENT.items():
    os.environ[_name] = _value

from config.settings import *  # noqa: E402, F403

# Tests see every write on the next page; tests/core/test_dashboard_cache.py turns the cache on.
DASHBOARD_CACHE_SECONDS = 0
LIST_COUNT_CACHE_SECONDS = 0
LIST_CHOICES_CACHE_SECONDS = 0
# Each pytest-xdist worker keeps its own keys in the shared Redis: one worker's writes (which drop
# cached figures, core.dashboard.figures_changed) and cached pages never reach another's tests.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405
