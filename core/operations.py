"""Migration operations that do not lock a big table: indexes built and dropped concurrently.

On PostgreSQL ``CREATE INDEX CONCURRENTLY`` / ``DROP INDEX CONCURRENTLY`` let reads and writes go on
while the index is built (a plain ``CREATE INDEX`` blocks every write to a 1.5-million-row visits
table for as long as it takes). They cannot run inside a transaction, so the migration that uses
them declares ``atomic = False`` and holds nothing else that should be all-or-nothing. Elsewhere
(SQLite under ``make run``) they are the plain operations.

    from core.operations import AddIndexConcurrently

    class Migration(migrations.Migration):
        atomic = False
        dependencies = [("visits", "0002_…")]
        operations = [
            AddIndexConcurrently("visit", models.Index(fields=["village", "visited_on"], name="visit_village_day")),
        ]

The project's rule (docs/adding-a-model.md): after the initial migrations, every index is added and
removed with these; ``tests/test_migrations.py`` refuses a plain ``AddIndex``/``RemoveIndex``.
"""

from django.db import NotSupportedError, migrations


def _concurrently(schema_editor) -> bool:
    if schema_editor.connection.vendor != "postgresql":
        return False
    if schema_editor.connection.in_atomic_block:
        raise NotSupportedError("并发创建或删除索引的迁移必须声明 atomic = False（CONCURRENTLY 不能在事务中执行）")
    return True


class AddIndexConcurrently(migrations.AddIndex):
    """``AddIndex`` built with CREATE INDEX CONCURRENTLY on PostgreSQL, plain elsewhere."""

    def describe(self):
        return f"Concurrently create index {self.index.name} on {self.model_name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            if _concurrently(schema_editor):
                schema_editor.add_index(model, self.index, concurrently=True)
            else:
                schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            if _concurrently(schema_editor):
                schema_editor.remove_index(model, self.index, concurrently=True)
            else:
                schema_editor.remove_index(model, self.index)


class RemoveIndexConcurrently(migrations.RemoveIndex):
    """``RemoveIndex`` dropped with DROP INDEX CONCURRENTLY on PostgreSQL, plain elsewhere."""

    def describe(self):
        return f"Concurrently remove index {self.name} from {self.model_name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            if _concurrently(schema_editor):
                schema_editor.remove_index(model, index, concurrently=True)
            else:
                schema_editor.remove_index(model, index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            if _concurrently(schema_editor):
                schema_editor.add_index(model, index, concurrently=True)
            else:
                schema_editor.add_index(model, index)
