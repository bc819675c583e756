"""Load: pages under concurrent requests, as production serves them.

Starts gunicorn (``config.wsgi``, 3 sync workers, DEBUG=0, plain HTTP) on the benchmark database,
signs in the first township's office account (a session made directly, no password needed), and
sends requests from ``--connections`` concurrent clients for ``--seconds`` per page (an asyncio
client in its own process; each request a new connection, as gunicorn's sync workers close every
connection). Reports requests per second, latency percentiles, errors and the CPU time the gunicorn
workers spent per request (from /proc: what bounds requests/s on 2 cores however loaded the machine). The issue's goal:
dashboard and list pages >= 100 requests/s with p95 <= 300 ms and no errors (20 connections, 30 s).

wrk gives the same figures where it is installed (``--wrk``: the session cookie is passed as a header).

``--cpu N`` measures instead, in this process, the CPU time one request of each page takes (Django's
test client with the same session, production settings, the median of N requests after a warm-up):
the figure that bounds requests/s on 2 cores whatever else runs on the machine (2,000 / ms per request
is the ceiling with both cores given to gunicorn and nothing left for PostgreSQL). ``--profile``
adds the top of a cProfile of those requests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/load.py \\
        [--seconds 30] [--connections 20] [--pages dashboard,households] [--port 8765]
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/load.py --cpu 50 \\
        [--pages dashboard,households,members,visits,point_entries] [--profile]
"""

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import time
import urllib.request

from _setup import ROOT, setup

setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from places.models import Area  # noqa: E402

PAGES = {
    "dashboard": "/",
    "households": "/r/households/",
    "households_p50": "/r/households/?page=50",
    "members": "/r/members/",
    "visits": "/r/visits/",
    "point_entries": "/r/point_entries/",
}


def office_session() -> tuple[str, str]:
    township = Area.objects.townships().order_by("pk").first()
    user = User.objects.filter(role=Role.OFFICE, scope_node=township).order_by("pk").first()
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return user.username, store.session_key


def start_gunicorn(port: int, workers: int):
    env = dict(os.environ, DEBUG="0", HTTPS="off", ALLOWED_HOSTS="127.0.0.1,localhost", LOG_LEVEL="WARNING")
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "--workers", str(workers),
        "--log-level", "warning", "--timeout", "60",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start")


async def _one(port, request, timings, errors):
    start = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # Connection: close, the body ends with the connection
        writer.close()
        status = int(status_line.split()[1])
        if status != 200:
            errors[status] = errors.get(status, 0) + 1
    except (OSError, IndexError, ValueError) as exc:
        errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
    timings.append(time.perf_counter() - start)


async def _client(port, request, deadline, timings, errors):
    while time.perf_counter() < deadline:
        await _one(port, request, timings, errors)


async def _load(port, path, cookie, seconds, connections):
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {settings.SESSION_COOKIE_NAME}={cookie}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    timings, errors = [], {}
    for _ in range(connections):  # warm-up: every worker has served the page once
        await _one(port, request, [], {})
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(_client(port, request, deadline, timings, errors) for _ in range(connections)))
    return timings, errors, time.perf_counter() - start


def workers_cpu(master: int) -> float:
    """CPU seconds (user + system) the gunicorn workers of ``master`` have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # the parent's pid; utime and stime are fields 14 and 15
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def report(name, path, timings, errors, elapsed, cpu=None):
    timings.sort()

    def pct(p):
        return timings[min(len(timings) - 1, int(len(timings) * p))] * 1000

    rps = len(timings) / elapsed
    ok = rps >= 100 and pct(0.95) <= 300 and not errors
    print(
        f"{name:<16} {path:<26} {len(timings):>6} req {rps:>7.1f} req/s  p50 {pct(0.5):>6.0f} ms  "
        f"p95 {pct(0.95):>6.0f} ms  p99 {pct(0.99):>6.0f} ms  errors {errors or 0}  {'OK' if ok else 'below goal'}"
        + (f"  workers' CPU {cpu * 1000:.1f} ms/request" if cpu is not None else ""),
        flush=True,
    )


def run_wrk(port, path, cookie, seconds, connections):
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
        "-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}", f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    print(subprocess.run(command, capture_output=True, text=True).stdout)


def cpu_per_request(pages, cookie, repeat, profile=False):
    """Median CPU ms (``time.process_time``) of ``repeat`` requests per page, in this process."""
    import cProfile
    import pstats
    import statistics

    from django.db import connection
    from django.test import Client

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    for name in pages:
        path = PAGES.get(name, name)
        for _ in range(3):  # warm-up: templates compiled, caches filled
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        queries = []  # counted by a wrapper: Django clears its own query log at each request's start

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        counter = cProfile.Profile()
        with connection.execute_wrapper(count):
            counter.runcall(client.get, path)
        calls = pstats.Stats(counter).total_calls  # Python calls: a load-independent measure of the work
        timings = []
        profiler = cProfile.Profile(time.process_time) if profile else None  # CPU, not waiting
        for _ in range(repeat):
            start = time.process_time()
            if profiler:
                profiler.enable()
            client.get(path)
            if profiler:
                profiler.disable()
            timings.append(time.process_time() - start)
        median = statistics.median(timings) * 1000
        print(
            f"{name:<16} {path:<26} CPU {median:>6.1f} ms/request (min {min(timings) * 1000:.1f})  "
            f"{len(queries)} queries  {calls:,} Python calls  ceiling on 2 cores ~{2000 / median:.0f} req/s",
            flush=True,
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pages", default="dashboard,households,households_p50")
    parser.add_argument("--wrk", action="store_true")
    parser.add_argument("--cpu", type=int, default=0, help="CPU ms per request in-process, median of N")
    parser.add_argument("--profile", action="store_true", help="with --cpu: print a cProfile")
    args = parser.parse_args()
    username, cookie = office_session()
    if args.cpu:
        try:
            cpu_per_request(args.pages.split(","), cookie, args.cpu, args.profile)
        finally:
            SessionStore(session_key=cookie).delete()
        return
    load = os.getloadavg()[0]
    print(
        f"gunicorn {args.workers} workers, {args.connections} connections, {args.seconds} s per page, "
        f"as {username}; load average before: {load:.1f}",
        flush=True,
    )
    process = start_gunicorn(args.port, args.workers)
    try:
        for name in args.pages.split(","):
            path = PAGES.get(name, name)
            if args.wrk and shutil.which("wrk"):
                run_wrk(args.port, path, cookie, args.seconds, args.connections)
                continue
            before = workers_cpu(process.pid)
            timings, errors, elapsed = asyncio.run(_load(args.port, path, cookie, args.seconds, args.connections))
            served = len(timings) + args.connections  # with the warm-up's
            report(name, path, timings, errors, elapsed, cpu=(workers_cpu(process.pid) - before) / served)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        SessionStore(session_key=cookie).delete()
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
