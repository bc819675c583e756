"""Roles and what each may do. The one readable place for role rules (no database access)."""

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

# Roles that read registers (lists, details, exports). Party members see only their own points.
READ_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARY, Role.GRID})
# Roles that keep the core registers and import spreadsheets, unless a register says otherwise.
EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# Roles that may see a full ID number (each reveal is logged).
REVEAL_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# The progress report (reports/): who reads and generates it (a secretary: the village version), and
# who edits its section 二, confirms gaps and issues it.
REPORT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARY})
REPORT_EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY})
