# ruff: noqa: E501  (one row per URL on one line: the table reads as a table)
"""The URL × persona table: every URL pattern of the project, requested by every persona, inside
and outside their scope, GET and POST, with the status each must answer (issue 8, DESIGN.md
"Scope, roles and access"; NetBox's view test cases and Zulip's URL tables are the models).

HOW A NEW APP (OR A NEW URL) ADDS ITS ROWS
  1. ``test_every_url_pattern_has_a_row`` reads the URL resolver: a named URL without a row in
     ROWS fails it (and a row whose URL no longer exists fails it too). Django admin's URLs are
     covered as a whole by ``test_the_admin_site_is_for_the_administrator_only``.
  2. Add one line per URL name to ROWS, in your app's block:
         Row("app:name", get=ROLE_CELLS, post=ROLE_CELLS_OR_None, obj="scene key", data={...})
     ``get``/``post`` are twelve cells, one per persona in the order of the header comment
     (tests/access_scene.py says who each persona is): 200, 302 (a redirect that is not the login
     page), L (redirect to the login page), 403 (must carry a Chinese message: PermissionDenied
     with a message), 404, 405, 400. ``post=None``: the URL is a GET page and is not POSTed.
  3. An object for ``<pk>``: add it in tests/access_scene.py (inside t1/v1/g1, owned by m1 when
     the model has an owner) and name its key in ``obj=``; other URL arguments go in ``kwargs``.
     Outside scope must answer 404, a role that may not 403, a signed-out user L.
  4. tests/accounts/test_access_matrix.py requests every cell (slow, so not in the landing gate:
     run it with ``-k yourapp`` after adding rows). Every request runs in a rolled-back
     transaction, so a POST that changes data changes nothing for the next cell. PDFs are rendered
     by a stub (the table checks access, not layout).
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_scene import PERSONAS, SCENE_KEYS

#            anon admin county office office2 leader sec  sec2 grid grid2 member member2
ALL_OK = "L 200 200 200 200 200 200 200 200 200 200 200"


@dataclass
class Row:
    name: str
    get: str
    post: str | None = None
    obj: str | None = None
    kwargs: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    leak: str = ""  # a known leak, being fixed: the row is expected to fail (strict)
    todo: str = ""  # the URL is named but its cells are not recorded yet: the matrix skips it (say why)

    def cells(self, which):
        if self.todo:
            return {}
        text = self.get if which == "GET" else self.post
        cells = text.split()
        assert len(cells) == len(PERSONAS), f"{self.name} {which}: {len(cells)} cells, expected {len(PERSONAS)}"
        return dict(zip(PERSONAS, cells, strict=True))

    def url(self, scene):
        kwargs = dict(self.kwargs)
        if self.obj:
            kwargs.setdefault("pk", scene.objs[self.obj].pk)
        for key, value in kwargs.items():
            if isinstance(value, str) and value.startswith("@"):  # "@member" → the pk of that scene object
                kwargs[key] = scene.objs[value[1:]].pk
        return reverse(self.name, kwargs=kwargs)


# fmt: off
#        URL name                          anon admin county office office2 leader sec sec2 grid grid2 member member2
ROWS: list[Row] = [
    # --- project URLs (config/urls.py)
    Row("dashboard", get="L   200 200 200 200 200 200 200 200 200 200 200"),
    Row("login", get="200 200 200 200 200 200 200 200 200 200 200 200"),
    Row("logout", get="405 405 405 405 405 405 405 405 405 405 405 405", post="L   L   L   L   L   L   L   L   L   L   L   L"),
    Row("password_change", get="L   200 200 200 200 200 200 200 200 200 200 200"),
    Row("password_change_done", get="L   200 200 200 200 200 200 200 200 200 200 200", post="L   405 405 405 405 405 405 405 405 405 405 405"),
    # --- grids
    Row("grids:tree", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grids:tree_node", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="tree_node"),
    Row("grids:flags", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/workbook
    Row("workbook_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("workbook_template", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    # --- r/township
    Row("township_new", get="L   200 403 403 403 403 403 403 403 403 403 403"),
    # --- r/villages
    Row("villages_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("villages_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("villages_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("villages_detail", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="village"),
    Row("villages_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="village"),
    Row("villages_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="village"),
    Row("villages_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("villages_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("villages_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/grids
    Row("grids_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grids_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grids_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("grids_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="grid"),
    Row("grids_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="grid"),
    Row("grids_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="grid"),
    Row("grids_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("grids_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grids_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/party_groups
    Row("party_groups_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("party_groups_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("party_groups_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("party_groups_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="party_group"),
    Row("party_groups_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="party_group"),
    Row("party_groups_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="party_group"),
    Row("party_groups_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("party_groups_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("party_groups_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/households
    Row("households_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("households_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("households_create", get="L   200 403 200 200 403 200 200 200 200 403 403"),
    Row("households_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="household"),
    Row("households_edit", get="L   200 403 200 404 403 200 404 200 404 403 403", obj="household"),
    Row("households_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   200 403 200 404 403 403 403 403 403 403 403", obj="household"),
    Row("households_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("households_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("households_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/members
    Row("members_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("members_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("members_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("members_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="member"),
    Row("members_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="member"),
    Row("members_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   200 403 200 404 403 403 403 403 403 403 403", obj="member"),
    Row("members_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("members_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("members_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/grid_staff
    Row("grid_staff_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grid_staff_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grid_staff_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("grid_staff_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="grid_staff"),
    Row("grid_staff_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="grid_staff"),
    Row("grid_staff_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   200 403 200 404 403 403 403 403 403 403 403", obj="grid_staff"),
    Row("grid_staff_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("grid_staff_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("grid_staff_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/central_households
    Row("central_households_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("central_households_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("central_households_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("central_households_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="central_household"),
    Row("central_households_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="central_household"),
    Row("central_households_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="central_household"),
    Row("central_households_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("central_households_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("central_households_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/risks
    Row("risks_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("risks_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("risks_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("risks_detail", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="risk"),
    Row("risks_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="risk"),
    Row("risks_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="risk"),
    Row("risks_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("risks_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("risks_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/visits
    Row("visits_create", get="L   200 403 200 200 200 200 200 200 200 403 403"),
    Row("visits_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("visits_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("visits_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="visit"),
    Row("visits_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="visit"),
    Row("visits_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="visit"),
    Row("visits_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("visits_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("visits_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/demands
    Row("demands_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("demands_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("demands_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("demands_detail", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="demand"),
    Row("demands_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="demand"),
    Row("demands_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="demand"),
    Row("demands_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("demands_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("demands_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/assignments
    Row("assignments_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("assignments_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("assignments_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("assignments_detail", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="assignment"),
    Row("assignments_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="assignment"),
    Row("assignments_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="assignment"),
    Row("assignments_import", get="L   403 403 403 403 403 403 403 403 403 403 403"),
    Row("assignments_export", get="L   404 404 404 404 404 404 404 404 404 403 403"),
    Row("assignments_template", get="L   404 404 404 404 404 404 404 404 404 403 403"),
    # --- r/problems
    Row("problems_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("problems_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("problems_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("problems_detail", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="problem"),
    Row("problems_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="problem"),
    Row("problems_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="problem"),
    Row("problems_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("problems_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("problems_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- r/problem_categories
    Row("problem_categories_list", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("problem_categories_print", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("problem_categories_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("problem_categories_detail", get="L   200 200 200 404 200 403 403 403 403 403 403", obj="problem_category"),
    Row("problem_categories_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="problem_category"),
    Row("problem_categories_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 403 403 403 403 403 403", obj="problem_category"),
    Row("problem_categories_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("problem_categories_export", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("problem_categories_template", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    # --- r/star_criteria
    Row("star_criteria_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("star_criteria_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("star_criteria_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("star_criteria_detail", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="star_criterion"),
    Row("star_criteria_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="star_criterion"),
    Row("star_criteria_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="star_criterion"),
    Row("star_criteria_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("star_criteria_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("star_criteria_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- r/branch_ratings
    Row("branch_ratings_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("branch_ratings_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("branch_ratings_create", get="L   404 403 404 404 403 403 403 403 403 403 403"),
    Row("branch_ratings_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="criterion_mark"),
    Row("branch_ratings_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="criterion_mark"),
    Row("branch_ratings_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="criterion_mark"),
    Row("branch_ratings_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("branch_ratings_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("branch_ratings_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- r/secretaries
    Row("secretaries_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretaries_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretaries_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("secretaries_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="secretary"),
    Row("secretaries_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="secretary"),
    Row("secretaries_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="secretary"),
    Row("secretaries_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("secretaries_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretaries_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- r/secretary_appraisals
    Row("secretary_appraisals_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretary_appraisals_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretary_appraisals_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("secretary_appraisals_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="secretary_appraisal"),
    Row("secretary_appraisals_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="secretary_appraisal"),
    Row("secretary_appraisals_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="secretary_appraisal"),
    Row("secretary_appraisals_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("secretary_appraisals_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretary_appraisals_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- r/secretary_records
    Row("secretary_records_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretary_records_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretary_records_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("secretary_records_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="secretary_record"),
    Row("secretary_records_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="secretary_record"),
    Row("secretary_records_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="secretary_record"),
    Row("secretary_records_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("secretary_records_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("secretary_records_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- r/point_rules
    Row("point_rules_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("point_rules_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("point_rules_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("point_rules_detail", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="point_rule"),
    Row("point_rules_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="point_rule"),
    Row("point_rules_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="point_rule"),
    Row("point_rules_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("point_rules_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("point_rules_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- r/point_entries
    Row("point_entries_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("point_entries_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("point_entries_create", get="L   404 403 404 404 403 404 404 403 403 403 403"),
    Row("point_entries_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="point_entry"),
    Row("point_entries_edit", get="L   403 403 403 403 403 403 403 403 403 403 403", obj="point_entry"),
    Row("point_entries_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="point_entry"),
    Row("point_entries_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("point_entries_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("point_entries_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    # --- township
    Row("township:board", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("township:village", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="village"),
    Row("township:reviews", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("township:review_new", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("township:review_detail", get="L   200 200 200 404 200 200 200 200 200 403 403", obj="review"),
    Row("township:review_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="review"),
    # --- visits
    Row("visits:log", get="L   200 403 200 200 200 200 200 200 200 403 403"),
    Row("visits:household_options", get="L   200 403 200 200 200 200 200 200 200 403 403"),
    Row("visits:month", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("visits:me", get="L   200 403 200 200 200 200 200 200 200 403 403"),
    Row("visits:cadre", get="L   200 200 200 404 200 200 200 200 404 403 403", obj="cadre"),
    Row("visits:quota", get="L   200 200 200 200 200 200 200 200 200 403 403", post="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("visits:photo", get="L   200 200 200 404 200 200 404 200 404 403 403", obj="visit"),
    # --- issues
    Row("issues:my_tasks", get="L   200 200 200 200 200 200 200 200 200 200 200"),
    Row("issues:stats", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("issues:problem_status", get="L   200 403 200 404 403 200 404 404 404 403 403", obj="problem"),
    Row("issues:evidence_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 404 404 403 403", obj="problem"),
    Row("issues:evidence_file", get="L   200 200 200 404 200 200 404 404 404 404 404", obj="problem_evidence"),
    # --- stars
    Row("stars:index", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("stars:standard", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("stars:standard_copy", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 302 403 403 403 403 403 403 403"),
    Row("stars:standard_defaults", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 302 403 403 403 403 403 403 403"),
    Row("stars:settings", get="L   200 200 200 200 200 403 403 403 403 403 403", post="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("stars:round_new", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 302 403 403 403 403 403 403 403"),
    Row("stars:board", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="round"),
    Row("stars:round_close_self", get="L   200 403 200 404 403 403 403 403 403 403 403", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="round", data={"confirmed": "1"}),
    Row("stars:round_publish", get="L   200 403 200 404 403 403 403 403 403 403 403", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="round", data={"confirmed": "1"}),
    Row("stars:round_notice", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="round"),
    Row("stars:rating", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="branch_rating"),
    Row("stars:self_assess", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 403 404 403 302 404 403 403 403 403", obj="branch_rating"),
    Row("stars:review", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 404 403 403 403 403", obj="branch_rating"),
    Row("stars:agree_all", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 404 403 403 403 403", obj="branch_rating"),
    Row("stars:correct", get="L   200 403 200 404 403 403 404 403 403 403 403", obj="branch_rating"),
    Row("stars:evidence", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="mark_evidence"),
    Row("stars:evidence_delete", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 403 404 403 302 404 403 403 403 403", obj="mark_evidence"),
    Row("stars:notice", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="star_notice"),
    Row("stars:run_new", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 302 403 403 403 403 403 403 403"),
    Row("stars:run", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="secretary_run"),
    Row("stars:run_recompute", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="secretary_run"),
    Row("stars:run_publish", get="L   200 403 200 404 403 403 403 403 403 403 403", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="secretary_run", data={"confirmed": "1"}),
    Row("stars:run_notice", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="secretary_run"),
    Row("stars:remuneration", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="secretary_run"),
    Row("stars:adjust", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 404 403 403 403 403", obj="secretary_rating"),
    # --- points
    Row("points:index", get="L   302 302 302 302 302 302 302 403 403 302 302"),
    Row("points:rulebooks", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("points:rulebook_new", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("points:rulebook", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="rulebook"),
    Row("points:rulebook_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="rulebook"),
    Row("points:rulebook_pdf", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="rulebook"),
    Row("points:threshold_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="rulebook"),
    Row("points:threshold_delete", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="threshold"),
    Row("points:record", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("points:entry_reverse", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 404", obj="point_entry"),
    Row("points:claims", get="L   200 200 200 200 200 200 200 403 403 200 200"),
    Row("points:claim_new", get="L   403 403 403 403 403 403 403 403 403 200 200"),
    Row("points:claim", get="L   200 200 200 404 200 200 404 403 403 200 404", obj="claim"),
    Row("points:claim_evidence", get="L   200 200 200 404 200 200 404 403 403 200 404", obj="claim"),
    Row("points:claim_decide", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 404", obj="claim"),
    Row("points:rankings", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("points:ranking_compute", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 302 403 403 403 403 403 403 403"),
    Row("points:ranking", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="ranking"),
    Row("points:ranking_publish", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="ranking", data={"confirmed": "1"}),
    Row("points:ranking_recompute", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="ranking"),
    Row("points:ranking_correct", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="ranking"),
    Row("points:ranking_render", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 403 404 404 403 403 403 403 403 403 403", obj="ranking"),
    Row("points:notice", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="ranking_notice"),
    Row("points:handbook", get="L   302 302 302 302 302 302 302 302 302 200 200"),
    Row("points:handbook_own_pdf", get="L   404 404 404 404 404 404 404 403 403 200 200"),
    Row("points:member_handbook", get="L   200 200 200 404 200 200 404 403 403 200 404", kwargs={"member_pk": "@member"}),
    Row("points:handbook_pdf", get="L   200 200 200 404 200 200 404 403 403 200 404", kwargs={"member_pk": "@member"}),
    # --- economy (四个重点)
    Row("collective_incomes_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("collective_incomes_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("collective_incomes_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("collective_incomes_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="income"),
    Row("collective_incomes_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="income"),
    Row("collective_incomes_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="income"),
    Row("collective_incomes_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("collective_incomes_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("collective_incomes_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economic_organisations_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economic_organisations_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economic_organisations_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("economic_organisations_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="organisation"),
    Row("economic_organisations_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="organisation"),
    Row("economic_organisations_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="organisation"),
    Row("economic_organisations_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("economic_organisations_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economic_organisations_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("contracts_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("contracts_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("contracts_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("contracts_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="contract"),
    Row("contracts_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="contract"),
    Row("contracts_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="contract"),
    Row("contracts_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("contracts_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("contracts_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("claims_and_debts_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("claims_and_debts_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("claims_and_debts_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("claims_and_debts_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="claim_debt"),
    Row("claims_and_debts_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="claim_debt"),
    Row("claims_and_debts_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="claim_debt"),
    Row("claims_and_debts_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("claims_and_debts_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("claims_and_debts_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("assets_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("assets_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("assets_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("assets_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="asset"),
    Row("assets_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="asset"),
    Row("assets_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="asset"),
    Row("assets_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("assets_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("assets_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("management_system_kinds_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("management_system_kinds_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("management_system_kinds_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("management_system_kinds_detail", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="system_kind"),
    Row("management_system_kinds_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="system_kind"),
    Row("management_system_kinds_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="system_kind"),
    Row("management_system_kinds_import", get="L   403 403 403 403 403 403 403 403 403 403 403"),
    Row("management_system_kinds_export", get="L   404 404 404 404 404 404 404 403 403 403 403"),
    Row("management_system_kinds_template", get="L   404 404 404 404 404 404 404 403 403 403 403"),
    Row("management_systems_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("management_systems_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("management_systems_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("management_systems_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="village_system"),
    Row("management_systems_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="village_system"),
    Row("management_systems_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="village_system"),
    Row("management_systems_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("management_systems_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("management_systems_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("duty_lists_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("duty_lists_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("duty_lists_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("duty_lists_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="duty_item"),
    Row("duty_lists_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="duty_item"),
    Row("duty_lists_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="duty_item"),
    Row("duty_lists_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("duty_lists_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("duty_lists_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("village_rules_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("village_rules_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("village_rules_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("village_rules_detail", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="village_rule"),
    Row("village_rules_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="village_rule"),
    Row("village_rules_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="village_rule"),
    Row("village_rules_import", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("village_rules_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("village_rules_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economy:incomes", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economy:settings", get="L   200 200 200 200 200 200 200 403 403 403 403", post="L   302 403 302 302 403 403 403 403 403 403 403", data={"weak_line": "6"}),
    Row("economy:cleanup", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("economy:entry_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 403", obj="claim_debt", data={"entry_on": "2025-06-01", "amount": "10"}),
    Row("economy:entry_reverse", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 403", obj="claim_entry"),
    Row("economy:contract_document_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 403", obj="contract"),
    Row("economy:contract_document", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="contract_document"),
    Row("economy:system_document_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 403", obj="village_system"),
    Row("economy:system_document", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="system_document"),
    Row("economy:rule_document_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 403 403 403 403", obj="village_rule"),
    Row("economy:rule_document", get="L   200 200 200 404 200 200 404 403 403 403 403", obj="rule_document"),
    # --- reports
    Row("reports:index", get="L   200 200 200 200 200 200 200 403 403 403 403", post="L   400 400 400 400 400 400 400 403 403 403 403"),
    Row("reports:county", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("reports:chart", get="L   200 200 200 200 200 200 200 403 403 403 403", kwargs={"key": "colours"}),
    Row("reports:detail", get="L   200 200 200 404 200 404 404 403 403 403 403", obj="report"),
    Row("reports:edit", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 404 404 403 403 403 403", obj="report"),
    Row("reports:redraft", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 404 404 403 403 403 403", obj="report"),
    Row("reports:confirm_gaps", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 404 404 403 403 403 403", obj="report"),
    Row("reports:issue", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 404 404 403 403 403 403", obj="report", data={"confirmed": "1"}),
    Row("reports:reissue", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 404 404 403 403 403 403", obj="report"),
    Row("reports:render", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 302 302 404 302 404 404 403 403 403 403", obj="report"),
    Row("reports:job", get="L   200 200 200 404 200 404 404 403 403 403 403", obj="render_job"),
    Row("reports:job_file", get="L   200 200 200 404 200 404 404 403 403 403 403", obj="render_job", kwargs={"kind": "pdf"}),
    Row("reports:version", get="L   200 200 200 404 200 404 404 403 403 403 403", obj="report_version"),
    Row("reports:version_file", get="L   200 200 200 404 200 404 404 403 403 403 403", obj="report_version", kwargs={"kind": "pdf"}),
    # --- worklog (registers)
    Row("group_members_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("group_members_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("group_members_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("group_members_detail", get="L   200 200 200 404 200 200 200 200 200 403 403", obj="group_member"),
    Row("group_members_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="group_member"),
    Row("group_members_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="group_member"),
    Row("group_members_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("group_members_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("group_members_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("tasks_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("tasks_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("tasks_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("tasks_detail", get="L   200 200 200 404 200 200 404 200 200 403 403", obj="key_task"),
    Row("tasks_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="key_task"),
    Row("tasks_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="key_task"),
    Row("tasks_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("tasks_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("tasks_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("meetings_list", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("meetings_print", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("meetings_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("meetings_detail", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="meeting"),
    Row("meetings_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="meeting"),
    Row("meetings_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 403 403 403 403", obj="meeting"),
    Row("meetings_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("meetings_export", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("meetings_template", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("research_visits_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("research_visits_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("research_visits_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("research_visits_detail", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="research_visit"),
    Row("research_visits_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="research_visit"),
    Row("research_visits_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="research_visit"),
    Row("research_visits_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("research_visits_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("research_visits_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("trainings_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("trainings_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("trainings_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("trainings_detail", get="L   200 200 200 404 200 200 200 200 200 403 403", obj="training"),
    Row("trainings_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="training"),
    Row("trainings_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="training"),
    Row("trainings_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("trainings_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("trainings_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("study_tours_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("study_tours_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("study_tours_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("study_tours_detail", get="L   200 200 200 404 200 200 200 200 200 403 403", obj="study_tour"),
    Row("study_tours_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="study_tour"),
    Row("study_tours_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="study_tour"),
    Row("study_tours_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("study_tours_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("study_tours_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("service_centres_list", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("service_centres_print", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("service_centres_create", get="L   200 403 200 200 403 200 200 403 403 403 403"),
    Row("service_centres_detail", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="service_centre"),
    Row("service_centres_edit", get="L   200 403 200 404 403 200 404 403 403 403 403", obj="service_centre"),
    Row("service_centres_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 404 404 404 404 403 403", obj="service_centre"),
    Row("service_centres_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("service_centres_export", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    Row("service_centres_template", get="L   200 200 200 200 200 200 200 200 200 403 403"),
    # --- worklog (pages)
    Row("worklog:my_tasks", get="L   200 200 200 200 200 200 200 200 200 200 200"),
    Row("worklog:timeline", get="L   200 200 200 200 200 200 200 403 403 403 403"),
    Row("worklog:task_progress", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 404 403 403 403 403", obj="key_task"),
    Row("worklog:minutes_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="meeting"),
    Row("worklog:decision_task", get="L   200 403 200 404 403 403 403 403 403 403 403", post="L   200 403 200 404 403 403 403 403 403 403 403", obj="meeting", kwargs={"line": 1}),
    Row("worklog:decision_problem", get="L   200 403 200 404 403 403 403 403 403 403 403", post="L   200 403 200 404 403 403 403 403 403 403 403", obj="meeting", kwargs={"line": 1}),
    Row("worklog:finding_problem", get="L   200 403 200 404 403 403 404 404 404 403 403", post="L   200 403 200 404 403 403 404 404 404 403 403", obj="research_visit"),
    Row("worklog:minutes_file", get="L   200 200 200 404 200 200 200 403 403 403 403", obj="minutes"),
    Row("worklog:material_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="training"),
    Row("worklog:material_file", get="L   200 200 200 404 200 200 200 200 200 403 403", obj="training_material"),
    Row("worklog:photo_add", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 302 404 404 404 403 403", obj="service_centre"),
    Row("worklog:photo_file", get="L   200 200 200 404 200 200 404 404 404 403 403", obj="centre_photo"),
    # --- training (quizzes)
    Row("questions_list", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("questions_print", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("questions_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("questions_detail", get="L   200 200 200 404 200 403 403 403 403 403 403", obj="question"),
    Row("questions_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="question"),
    Row("questions_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 403 403 403 403 403 403", obj="question"),
    Row("questions_import", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("questions_export", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("questions_template", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("quizzes_list", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("quizzes_print", get="L   200 200 200 200 200 403 403 403 403 403 403"),
    Row("quizzes_create", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("quizzes_detail", get="L   200 200 200 404 200 403 403 403 403 403 403", obj="quiz"),
    Row("quizzes_edit", get="L   200 403 200 404 403 403 403 403 403 403 403", obj="quiz"),
    Row("quizzes_reveal", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 404 404 404 404 403 403 403 403 403 403", obj="quiz"),
    Row("quizzes_import", get="L   403 403 403 403 403 403 403 403 403 403 403"),
    Row("quizzes_export", get="L   404 404 404 404 404 403 403 403 403 403 403"),
    Row("quizzes_template", get="L   404 404 404 404 404 403 403 403 403 403 403"),
    Row("training:mine", get="L   200 200 200 200 200 200 200 200 200 200 200"),
    Row("training:take", get="L   403 403 403 404 403 403 403 403 403 200 200", post="L   403 403 403 404 403 403 403 403 403 302 302", obj="quiz"),
    Row("training:result", get="L   403 403 403 404 403 403 403 403 403 302 302", obj="quiz"),
    Row("training:publish", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="quiz"),
    Row("training:stats", get="L   200 200 200 404 200 200 200 200 200 403 403", obj="quiz"),
    Row("training:award", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   302 403 302 404 403 403 403 403 403 403 403", obj="quiz"),
    # --- core
    Row("core:task_runs", get="L   200 403 200 200 403 403 403 403 403 403 403"),
    Row("core:file_job", get="L   200 404 200 404 404 404 404 404 404 404 404", obj="file_job"),
    Row("core:file_job_download", get="L   200 404 200 404 404 404 404 404 404 404 404", obj="file_job"),
    Row("core:task_run_retry", get="L   405 405 405 405 405 405 405 405 405 405 405", post="L   404 403 404 404 403 403 403 403 403 403 403", obj="task_run"),
    # --- worklog (landed after the table without rows; cells to be recorded by the worklog helper)
]
# fmt: on


def url_names():
    """Every named URL pattern outside Django admin, namespaced ("stars:board"), and unnamed ones."""
    names, unnamed = [], []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                if ns == "admin":
                    continue
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                if not p.name:
                    unnamed.append(prefix + str(p.pattern))
                else:
                    names.append(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, "", "")
    return names, unnamed


# --- the tests ----------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    names, unnamed = url_names()
    in_table = [row.name for row in ROWS]
    missing = sorted(set(names) - set(in_table))
    stale = sorted(set(in_table) - set(names))
    twice = sorted({n for n in in_table if in_table.count(n) > 1})
    assert not unnamed, f"URL patterns without a name (name them and add a row): {unnamed}"
    assert not missing, (
        "URLs with no row in tests/test_access_table.py ROWS (add one; see the comment at the top):\n"
        + "\n".join(missing)
    )
    assert not stale, f"rows for URLs that no longer exist: {stale}"
    assert not twice, f"URLs with more than one row: {twice}"


def test_every_row_is_well_formed():
    for row in ROWS:
        row.cells("GET")
        if row.post is not None:
            row.cells("POST")
        assert row.obj is None or row.obj in SCENE_KEYS, f"{row.name}: no object {row.obj!r} in tests/access_scene.py"
