"""Explicit ids and fast writes for the demo builders.

The builders give every row its id up front, so rows refer to each other before any is
written. ``write`` then inserts them in large batches (COPY on PostgreSQL, executemany on
SQLite). It bypasses ``save()``: the builders fill every derived field themselves, the way
the services do, and Django's ``bulk_create`` is several times slower for these volumes.
"""

import operator
from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from pdms.audit.models import AuditEntry
from pdms.members.models import Member, MemberPeriod, Person, TemporaryTransfer
from pdms.organizations.models import Organization, OrgVersion, ReorgEvent, ReorgLink

# In the order they are written; each refers only to those before it or to itself.
MODELS = (ReorgEvent, Organization, OrgVersion, ReorgLink, Person, Member, MemberPeriod, TemporaryTransfer, AuditEntry)
BATCH = 5000


class Ids:
    """The next free id of every demo table."""

    def __init__(self, start: dict[type, int] | None = None):
        self._next = {model: (start or {}).get(model, 1) for model in MODELS}

    @classmethod
    def after_existing(cls) -> "Ids":
        return cls({m: (m.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1 for m in MODELS})

    def take(self, model: type) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value


class Rows:
    """Unsaved rows by model, as the builders produce them."""

    def __init__(self):
        self.by_model: dict[type, list] = defaultdict(list)

    def add(self, obj) -> None:
        self.by_model[type(obj)].append(obj)

    def extend(self, objs) -> None:
        for obj in objs:
            self.add(obj)

    def count(self, model: type) -> int:
        return len(self.by_model.get(model, ()))


def _getter(field, now):
    """How to read a field's value for the database, as Django's own insert would."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        stamp = field.get_db_prep_save(now, connection)  # one instant for the whole load
        return lambda obj: stamp
    if isinstance(field, (models.DateTimeField, models.JSONField)):
        return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)
    if isinstance(field, models.DateField):
        adapt, attname = connection.ops.adapt_datefield_value, field.attname
        return lambda obj: adapt(getattr(obj, attname))
    return operator.attrgetter(field.attname)


def _insert(model: type, objs: list, now) -> None:
    fields = model._meta.concrete_fields
    getters = [_getter(f, now) for f in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            rows = [tuple(get(obj) for get in getters) for obj in objs[start : start + BATCH]]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def write(rows: Rows) -> None:
    """Insert every row, then move the id sequences past them."""
    if connection.vendor == "sqlite":
        # A page cache large enough for the indexes being filled (the default is 2 MB).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    now = timezone.now()
    for model in MODELS:
        objs = rows.by_model.get(model)
        if objs:
            _insert(model, objs, now)
    statements = connection.ops.sequence_reset_sql(no_style(), list(MODELS))
    # Fresh statistics, so the first queries on the new rows get good plans.
    statements += [f"ANALYZE {connection.ops.quote_name(m._meta.db_table)}" for m in MODELS]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
