"""Fast bulk writes: COPY for new rows and their history, COPY into a temporary table and one
``UPDATE … FROM`` for changed rows (PostgreSQL); ``UPDATE … FROM (VALUES …)`` per batch elsewhere.

Django's ``bulk_update`` builds a ``CASE WHEN`` per field and row, which costs seconds of Python
for a few thousand rows. A ``VALUES`` list is cheaper but is still one placeholder per value: the
driver scans and splits the SQL text of every batch (17,000 placeholders a batch of households;
psycopg's ``_split_query`` was the biggest single cost of an import of updates), so on PostgreSQL
the values go through COPY instead, as the new rows do.
"""

import datetime
import decimal
import uuid

from django.db import connection


def fast_bulk_update(model, objs, fields, batch_size=1000):
    """Write ``fields`` (model field names) of ``objs`` (saved instances) back to the table."""
    if not objs:
        return 0
    if connection.vendor == "postgresql":
        return _copy_update(model, objs, [model._meta.get_field(name) for name in fields])
    return _values_update(model, objs, fields, batch_size)


def _copy_update(model, objs, model_fields) -> int:
    """COPY the new values into a temporary table shaped like the table's own columns, then one
    UPDATE joins it on the key."""
    meta = model._meta
    pk = meta.pk
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    staging = quote(f"bulk_update_{meta.db_table}"[:63])
    columns = [pk.column] + [f.column for f in model_fields]
    names = ", ".join(quote(c) for c in columns)
    key = quote(pk.column)
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns[1:])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA")
        _copy(
            f"bulk_update_{meta.db_table}"[:63],
            columns,
            ([obj.pk] + [_db_value(f, getattr(obj, f.attname)) for f in model_fields] for obj in objs),
        )
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {staging} AS v WHERE {table}.{key} = v.{key}")
        updated = cursor.rowcount
        cursor.execute(f"DROP TABLE {staging}")
    return updated


def _values_update(model, objs, fields, batch_size):
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    pk = meta.pk
    table = connection.ops.quote_name(meta.db_table)
    quote = connection.ops.quote_name
    columns = [pk.column] + [f.column for f in model_fields]
    postgres = connection.vendor == "postgresql"
    if postgres:
        casts = [f"::{f.db_type(connection).split('(')[0].split(' ')[0]}" for f in [pk, *model_fields]]
        casts = [c.replace("::serial", "::integer").replace("::bigserial", "::bigint") for c in casts]
    else:
        casts = [""] * len(columns)
    placeholder = "(" + ", ".join(f"%s{c}" for c in casts) + ")"
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns[1:])
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params = []
            for obj in batch:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                for field in model_fields:
                    params.append(field.get_db_prep_save(getattr(obj, field.attname), connection))
            values = ", ".join([placeholder] * len(batch))
            if postgres:
                source = f"(VALUES {values}) AS v({', '.join(quote(c) for c in columns)})"
            else:
                aliases = ", ".join(f"column{i + 1} AS {quote(c)}" for i, c in enumerate(columns))
                source = f"(SELECT {aliases} FROM (VALUES {values})) AS v"
            key = quote(pk.column)
            cursor.execute(f"UPDATE {table} SET {assignments} FROM {source} WHERE {table}.{key} = v.{key}", params)
            updated += cursor.rowcount
    return updated


PLAIN_TYPES = (str, int, float, bool, datetime.date, decimal.Decimal, uuid.UUID, type(None))


def _db_value(field, value):
    # Most values reach PostgreSQL as they are; convert only what psycopg cannot take directly.
    return value if isinstance(value, PLAIN_TYPES) else field.get_db_prep_save(value, connection)


def _next_ids(table, column, n):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, n])
        return [value for (value,) in cursor.fetchall()]


def _copy(table, columns, rows):
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fast_bulk_create(model, objs):
    """Insert new instances with COPY on PostgreSQL (ids taken from the sequence first, so the
    instances get their pk as bulk_create gives them); plain bulk_create elsewhere."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=1000)
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    for obj, value in zip(objs, _next_ids(meta.db_table, pk.column, len(objs)), strict=True):
        setattr(obj, pk.attname, value)
    _copy(
        meta.db_table,
        [pk.column] + [f.column for f in fields],
        ([obj.pk] + [_db_value(f, f.pre_save(obj, True)) for f in fields] for obj in objs),
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = "default"
    return objs


def fast_history_create(model, objs, *, update=False, user=None, reason=""):
    """The rows simple_history's bulk_history_create would write (one per instance, with the
    user, reason and change type), inserted with COPY on PostgreSQL."""
    from django.utils import timezone

    history_model = model.history.model
    if connection.vendor != "postgresql":
        return model.history.bulk_history_create(
            objs, batch_size=1000, update=update, default_user=user, default_change_reason=reason
        )
    meta = history_model._meta
    tracked = list(history_model.tracked_fields)
    now = timezone.now()
    kind = "~" if update else "+"
    user_id = user.pk if user is not None else None
    ids = _next_ids(meta.db_table, meta.pk.column, len(objs))
    columns = [meta.pk.column, "history_date", "history_change_reason", "history_type", "history_user_id"]
    columns += [f.column for f in tracked]
    rows = (
        [hid, now, reason, kind, user_id] + [_db_value(f, getattr(obj, f.attname)) for f in tracked]
        for hid, obj in zip(ids, objs, strict=True)
    )
    _copy(meta.db_table, columns, rows)
