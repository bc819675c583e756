"""Roles and the named role sets. The one place role sets live (no database access).

Features import these sets, never redefine them; a model's ``Policy`` (``accounts.access``) says
which set may take which action on it. ``RESPONSIBLE`` is not a role: put it in a policy's set to
let the person a row names (the model's ``responsible_field``) take that action on that row.
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    COUNTY = "county", "县委组织部"
    OFFICE = "office", "镇办公室"
    LEADER = "leader", "镇领导"
    SECRETARY = "secretary", "村书记"
    GRID = "grid", "网格员"
    MEMBER = "member", "党员"


# The node kind each role's scope must be (None: no scope node, sees every township).
SCOPE_KIND = {
    Role.ADMIN: None,
    Role.COUNTY: None,
    Role.OFFICE: "township",
    Role.LEADER: "township",
    Role.SECRETARY: "village",
    Role.GRID: "grid",
    Role.MEMBER: "village",
}

# Roles whose scope is every township (no scope node). The county reads; only the admin writes.
ALL_TOWNSHIP_ROLES = frozenset({Role.ADMIN, Role.COUNTY})

# Actions the county organisation department takes wherever READ_ROLES may (it never writes,
# unless a policy names Role.COUNTY for an action explicitly, in a set narrower than READ_ROLES).
READ_ONLY_ACTIONS = frozenset({"view", "export", "report"})

# The person a row names (``Model.responsible_field``), whatever their role and scope.
RESPONSIBLE = "responsible"

# Roles that read registers (lists, details, exports). Party members see only their own rows.
READ_ROLES = frozenset({Role.ADMIN, Role.COUNTY, Role.OFFICE, Role.LEADER, Role.SECRETARY, Role.GRID})
# Everyone who works in a township (no county, no member): contact cadres, people who log visits.
STAFF_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARY, Role.GRID})
# Roles that keep the core registers and import spreadsheets, unless a register says otherwise.
EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# The township office (and the administrator): rule books, rankings, quotas, categories.
OFFICE_ROLES = EDIT_ROLES
# Registers a village keeps itself: the office, and a secretary for their own village.
VILLAGE_EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY})
# Township-wide figures and reports: the office and the leadership (and the county, read-only).
LEADERSHIP_ROLES = frozenset({Role.ADMIN, Role.COUNTY, Role.OFFICE, Role.LEADER})
# Figures for a township or a village (statistics pages): leadership and village secretaries.
STATS_ROLES = LEADERSHIP_ROLES | {Role.SECRETARY}
# Who brings a new township in (create_township's page): the system administrator only.
SYSTEM_ROLES = frozenset({Role.ADMIN})
# Roles that may see a full ID number (each reveal is logged).
REVEAL_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
# Every role, for pages each signed-in person has (their own tasks, their own handbook).
ALL_ROLES = frozenset(Role)
# A village's own branch secretary (and the administrator): what only the secretary does, such as
# self-assessing the village's star rating.
SECRETARY_ROLES = frozenset({Role.ADMIN, Role.SECRETARY})
# The progress report (reports/): who reads and generates it (a secretary: the village version; the
# county: every township, read-only), and who edits its section 二, confirms gaps and issues it.
REPORT_ROLES = STATS_ROLES
REPORT_EDIT_ROLES = VILLAGE_EDIT_ROLES
# Roles that keep a grid's registers too (households and members of their grid).
GRID_EDIT_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.SECRETARY, Role.GRID})
# A party member's own pages (their handbook, their claims).
MEMBER_ROLES = frozenset({Role.MEMBER})
