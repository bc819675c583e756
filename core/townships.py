"""Bringing a new township in: the township node and its first office login, in one step.

``township_create`` is what ``manage.py create_township`` and the administrator's page call. It
validates everything before it writes anything, and returns what to do next (``NEXT_STEPS``).
"""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Role
from core.locks import tree_lock
from places.choices import AreaKind
from places.models import Area
from places.pinyin import initials

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
NAME_TAKEN = "已有名为“{name}”的乡镇"
CODE_TAKEN = "编码“{code}”已被“{owner}”使用，请换一个编码"
BAD_CODE = "编码只能包含字母、数字、下划线和短横线，最长40位"
USERNAME_TAKEN = "账号“{username}”已存在，请换一个账号名"
BAD_USERNAME = "账号名只能包含字母、数字和 @ . + - _，最长150位"
NAME_REQUIRED = "请填写乡镇名称"
NEXT_STEPS = [
    "用账号 {username} 登录系统（首页：/）；",
    "打开“网格治理 → 整镇导入”，下载整镇导入工作簿"
    "（命令行：python manage.py workbook_template 文件.xlsx --township {code}）；",
    "按本镇的台账填好行政村、网格、网格党小组、户、党员、网格员、党员中心户各表；",
    "上传工作簿，预览无误后确认导入"
    "（命令行：python manage.py import_workbook 文件.xlsx --township {code} --dry-run，检查通过后去掉 --dry-run）；",
    "打开“网格治理 → 待整改提示”，检查网格长是否为村党支部书记、网格有无党小组、中心户有无包联户。",
]


@dataclass
class NewTownship:
    township: Area
    office: object  # the office login (accounts.User)

    def next_steps(self) -> list[str]:
        values = {"username": self.office.username, "code": self.township.code}
        return [line.format(**values) for line in NEXT_STEPS]


def default_code(name: str) -> str:
    """A code from the name's pinyin initials (凤城镇 → FCZ), made unique with a number."""
    base = (initials(name) or "T").upper()[:30]
    base = re.sub(r"[^A-Z0-9]", "", base) or "T"
    code, n = base, 1
    while Area.objects.filter(code=code).exists():
        n += 1
        code = f"{base}{n}"
    return code


def township_create(*, name: str, office_username: str, password: str, code: str = "", full_name: str = ""):
    """Create a township and its first office login (role 镇办公室, scoped to it). All or nothing.

    Raises ValidationError with Chinese messages keyed by field (name, code, office, password)."""
    name = (name or "").strip()
    code = (code or "").strip()
    office_username = (office_username or "").strip()
    User = get_user_model()
    errors = {}
    if not name:
        errors["name"] = NAME_REQUIRED
    elif Area.objects.townships().filter(name=name).exists():
        errors["name"] = NAME_TAKEN.format(name=name)
    if code:
        owner = Area.objects.filter(code=code).first()
        if not CODE_RE.match(code):
            errors["code"] = BAD_CODE
        elif owner is not None:
            errors["code"] = CODE_TAKEN.format(code=code, owner=owner.name)
    if not office_username or not re.match(r"^[\w.@+-]{1,150}$", office_username):
        errors["office"] = BAD_USERNAME
    elif User.objects.filter(username=office_username).exists():
        errors["office"] = USERNAME_TAKEN.format(username=office_username)
    office = User(username=office_username, full_name=full_name or f"{name}办公室", role=Role.OFFICE)
    try:
        validate_password(password or "", user=office)
    except ValidationError as exc:
        errors["password"] = "；".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), tree_lock():
        township = Area(kind=AreaKind.TOWNSHIP, name=name, code=code or default_code(name))
        township.full_clean()
        township.save()
        office.scope_node = township
        office.set_password(password)
        office.full_clean(exclude=["password"])
        office.save()
    return NewTownship(township=township, office=office)
