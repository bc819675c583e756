"""The progress report's menu entries (it has no register of its own)."""

from accounts.roles import REPORT_ROLES
from core.registers import nav, nav_section

SECTION = "进展报告"
nav_section(SECTION, 70)

nav(SECTION, "工作进展报告", "reports:index", roles=REPORT_ROLES, order=1)
nav(SECTION, "全县汇总", "reports:county", roles=REPORT_ROLES, order=2)
