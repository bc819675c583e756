"""Shared set-up for the benchmarks: Django on the benchmark database, and timing helpers.

Every script refuses to run unless DATABASE_URL points at PostgreSQL, and the scripts that
write (seeding) refuse unless the database name contains "bench", so a benchmark can never
flush someone's working database.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import dev_secrets as _dev_secrets  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Production settings (DEBUG=0, so no query log slows the timings) on plain HTTP, with the public
# development secrets passed explicitly: a benchmark database holds generated data only.
os.environ.setdefault("HTTPS", "off")
for _name, _value in _dev_secrets.DEVELOPMENT_ONLY.items():
    os.environ.setdefault(_name, _value)


def setup():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "请把 DATABASE_URL 设为 PostgreSQL 的基准测试库，例如 postgres://postgres@127.0.0.1:5432/township_bench"
        )
    import django

    django.setup()


def require_bench_database():
    if "bench" not in os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]:
        sys.exit("为防止误删数据，只能在名称含 bench 的数据库上重新生成数据（如 township_bench）")


def timed(func, repeat=1):
    """Run ``func`` ``repeat`` times; return (median seconds, all timings, the last result)."""
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), timings, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
