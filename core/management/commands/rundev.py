"""``manage.py rundev [ADDRPORT]``: what ``make run`` starts — the development server, a Celery
worker and Celery beat, stopped together.

Tasks run in the background as in production, with no server to install: with ``EMBEDDED_DIR``
set (``make run`` sets ``.run``) the broker is kombu's filesystem transport, results go to Celery's
file backend and the cache shared by the three processes is a file cache, all under that folder.

Ctrl+C (SIGINT to the terminal's process group) or SIGTERM stops all three; each child also gets
SIGTERM from the kernel if this process dies without cleaning up (PR_SET_PDEATHSIG), so no worker
outlives ``make run``.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 10


def _die_with_parent():  # runs in the child between fork and exec
    with contextlib.suppress(OSError):  # not Linux: Ctrl+C and SIGTERM still stop everything
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "启动开发服务器、Celery worker 和 Celery beat（内嵌消息队列），Ctrl+C 一起停止"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="地址:端口，默认 127.0.0.1:8000")
        parser.add_argument("--no-web", action="store_true", help="只启动 worker 和 beat（测试用）")

    def handle(self, *args, addrport, no_web, **options):
        if not settings.EMBEDDED_DIR and not settings.REDIS_URL:
            raise CommandError("请设置 EMBEDDED_DIR（内嵌消息队列的目录，make run 使用 .run）或 REDIS_URL")
        run_dir = settings.EMBEDDED_DIR or "."
        python = sys.executable
        commands = {
            "worker": [python, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-l", "info",
                       "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "rundev@%h"],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "-l", "info",
                     "--schedule", os.path.join(run_dir, "celerybeat-schedule")],
        }  # fmt: skip
        if not no_web:
            commands["web"] = [python, "manage.py", "runserver", addrport]
        children = {}
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            for name, command in commands.items():
                children[name] = subprocess.Popen(command, preexec_fn=_die_with_parent)
                self.stdout.write(f"已启动 {name}（进程 {children[name].pid}）")
            self.stdout.write("后台任务在 worker 中执行，定时任务由 beat 派发；Ctrl+C 全部停止")
            while not stopping:
                ended = [name for name, child in children.items() if child.poll() is not None]
                if ended:
                    self.stderr.write(f"{'、'.join(ended)} 已退出，停止其余进程")
                    break
                time.sleep(0.5)
        finally:
            self._stop(children)

    def _stop(self, children):
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self.stdout.write("已全部停止")
