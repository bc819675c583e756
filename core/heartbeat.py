"""The background jobs' heartbeat: beat sends ``township.tasks.heartbeat`` every five minutes and the
worker writes the time into the shared cache; the home page tells the people who can act on it
(system administrators and office staff) when it was last seen, and what to do when it is stale.
"""

import datetime

from django.core.cache import cache
from django.utils import timezone

from accounts.access import role_of
from accounts.roles import OFFICE_ROLES, Role

KEY = "celery-heartbeat"
# Two missed beats (beat sends one every 5 minutes): the worker or beat has stopped.
STALE_AFTER = datetime.timedelta(minutes=10)

NEVER = "尚未收到"
STALE_ADMIN = (
    "后台任务（Celery worker 或 beat）可能已停止：排名计算、逾期提醒和 PDF 生成都会暂停。"
    "请在服务器上检查并重启 worker 和 beat，并确认 web 设置了 REDIS_URL（运维手册“检查后台任务是否在运行”）。"
)
STALE_OFFICE = (
    "后台任务可能已停止：排名计算、逾期提醒和公示文件生成会延迟。请通知系统管理员检查后台任务服务；"
    "已登记的数据不受影响。"
)


def beat(now=None) -> str:
    """Record a beat (the worker calls this); returns the time written."""
    stamp = (now or timezone.now()).isoformat()
    cache.set(KEY, stamp, timeout=None)
    return stamp


def status_for(user, now=None) -> dict | None:
    """What the home page says about the heartbeat to ``user``; None for roles that cannot act on it.

    ``{"at": datetime or None, "stale": bool, "advice": str}``.
    """
    role = role_of(user)
    if role not in OFFICE_ROLES:
        return None
    now = now or timezone.now()
    at = None
    raw = cache.get(KEY)
    if raw:
        try:
            at = datetime.datetime.fromisoformat(raw)
        except (TypeError, ValueError):
            at = None
    stale = at is None or now - at > STALE_AFTER
    advice = (STALE_ADMIN if role == Role.ADMIN else STALE_OFFICE) if stale else ""
    return {"at": at, "stale": stale, "advice": advice}
