"""Roles and what each may do. The one readable place for role rules (no database access)."""

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    OFFICE = "office", "镇办公室"
    LEADER = "leader", "镇领导"
    SECRETARY = "secretary", "村书记"
    GRID = "grid", "网格员"
    MEMBER = "member", "党员"


# The node kind each role's scope must be (None: no scope node, sees every township).
SCOPE_KIND = {
    Role.ADMIN: None,
    Role.OFFICE: "township",
    Role.LEADER: "township",
    Role.SECRETARY: "village",
    Role.GRID: "grid",
    Role.MEMBER: "village",
}

# Every set of roles the code checks lives here, named by who is in it; modules import them.
# Roles that read registers (lists, details, exports). Party members see only their own points.
# Also the contact cadres: anyone but a party member may be assigned households and log visits.
READ_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARY, Role.GRID})
# Readers down to a village (not grid staff): points, rectification statistics.
VILLAGE_READ_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARY})
# Readers of the township's own ledgers (the 党委 and 班子 rectification ledgers).
TOWNSHIP_READ_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER})
# Roles that keep the core registers and import spreadsheets, unless a register says otherwise.
EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# Roles that keep a village's ledgers too: risks, demands, problems, reviews, points recorded.
VILLAGE_EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY})
# Roles that keep a grid's registers too (households and members of their grid).
GRID_EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY, Role.GRID})
# Roles that may see a full ID number (each reveal is logged).
REVEAL_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# A party member's own pages (their handbook, their claims).
MEMBER_ROLES = frozenset({Role.MEMBER})

NO_ROLE = "您的角色无权进行此操作"


def require_role(user, roles, message: str = NO_ROLE) -> None:
    """PermissionDenied (403, with ``message``) unless the user has one of ``roles``."""
    if not user.has_role(roles):
        raise PermissionDenied(message)
