"""Shared argument handling of the spreadsheet commands."""

from django.core.management.base import CommandError

from places.models import Area


def resolve_township(name):
    """The township named NAME, or the only one when there is just one."""
    townships = Area.objects.townships()
    if name:
        found = list(townships.filter(name=name)[:2]) or list(townships.filter(code=name)[:2])
        if not found:
            raise CommandError(f"找不到乡镇“{name}”")
        return found[0]
    found = list(townships[:2])
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError("数据库中还没有乡镇，请先建立乡镇（或运行 seed_demo）")
    raise CommandError("有多个乡镇，请用 --township 指定乡镇名称")
