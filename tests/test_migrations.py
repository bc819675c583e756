"""The migration rules (docs/adding-a-model.md): after an app's initial migrations, indexes are added
and dropped concurrently (``core.operations``) in non-atomic migrations, and no migration destroys
rows. Plus the portable concurrent operation itself, on the real database."""

import ast
import re

import pytest
from django.db import NotSupportedError, connection, models
from django.db.migrations.loader import MigrationLoader

from core.operations import AddIndexConcurrently, RemoveIndexConcurrently
from tests.test_layers import ROOT, project_apps

INITIAL = re.compile(r"^\d{4}_initial\.py$")
PLAIN_INDEX_OPS = {"AddIndex", "RemoveIndex"}
CONCURRENT_OPS = {"AddIndexConcurrently", "RemoveIndexConcurrently"}
DESTRUCTIVE = re.compile(r"\bDELETE\s+FROM\b|\bTRUNCATE\b|\bDROP\s+TABLE\b|\.delete\(\)", re.I)


def later_migrations():
    for app in project_apps():
        for path in sorted((ROOT / app / "migrations").glob("0*.py")):
            if not INITIAL.match(path.name):
                yield path


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            yield func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _atomic_false(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "atomic" for t in node.targets):
            return isinstance(node.value, ast.Constant) and node.value.value is False
    return False


def test_later_migrations_add_and_drop_indexes_concurrently():
    wrong = []
    for path in later_migrations():
        tree = ast.parse(path.read_text())
        calls = set(_calls(tree))
        if calls & PLAIN_INDEX_OPS:
            wrong.append(f"{path.relative_to(ROOT)}: use core.operations.AddIndexConcurrently/RemoveIndexConcurrently")
        if calls & CONCURRENT_OPS and not _atomic_false(tree):
            wrong.append(f"{path.relative_to(ROOT)}: a concurrent index operation needs atomic = False")
    assert not wrong, "\n".join(wrong)


def test_no_migration_destroys_rows():
    wrong = []
    for path in later_migrations():
        text = path.read_text()
        if "DeleteModel" in text or DESTRUCTIVE.search(text):
            wrong.append(str(path.relative_to(ROOT)))
    assert not wrong, "destructive migrations (keep the rows; derive new data beside them): " + ", ".join(wrong)


def _states(operation, app="visits"):
    loader = MigrationLoader(connection)
    before = loader.project_state()
    after = before.clone()
    operation.state_forwards(app, after)
    return before, after


def _index_names(table):
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.mark.django_db(transaction=True)
def test_the_concurrent_index_operations_build_and_drop_an_index():
    add = AddIndexConcurrently("visit", models.Index(fields=["findings", "visited_on"], name="test_visit_concurrent"))
    before, after = _states(add)
    with connection.schema_editor(atomic=False) as editor:
        add.database_forwards("visits", editor, before, after)
    assert "test_visit_concurrent" in _index_names("visits_visit")
    remove = RemoveIndexConcurrently("visit", "test_visit_concurrent")
    later = after.clone()
    remove.state_forwards("visits", later)
    with connection.schema_editor(atomic=False) as editor:
        remove.database_forwards("visits", editor, after, later)
    assert "test_visit_concurrent" not in _index_names("visits_visit")
    with connection.schema_editor(atomic=False) as editor:  # and back (later → earlier state): built again
        remove.database_backwards("visits", editor, later, after)
    assert "test_visit_concurrent" in _index_names("visits_visit")
    with connection.schema_editor(atomic=False) as editor:
        add.database_backwards("visits", editor, after, before)
    assert "test_visit_concurrent" not in _index_names("visits_visit")


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_index_inside_a_transaction_is_refused_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("CONCURRENTLY is PostgreSQL's")
    add = AddIndexConcurrently("visit", models.Index(fields=["findings"], name="test_visit_atomic"))
    before, after = _states(add)
    with pytest.raises(NotSupportedError, match="atomic = False"), connection.schema_editor(atomic=True) as editor:
        add.database_forwards("visits", editor, before, after)
    assert "test_visit_atomic" not in _index_names("visits_visit")
