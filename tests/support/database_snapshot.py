"""A copy of every row in the test database, taken once and written back in milliseconds.

Loading the demo through the services takes a second on SQLite and several on PostgreSQL; the
tests that start from the demo would pay that each time. Instead the demo is loaded once per
session (per xdist worker), its rows are read into memory, and each test that wants it gets the
same rows written back through the ORM: the same on SQLite and PostgreSQL, foreign keys checked
at the end of the transaction as Django declares them (deferred), sequences moved past the rows.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, router, transaction


def _snapshot_models(alias: str) -> list:
    """Every table Django manages, many-to-many tables included: what `flush` empties."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(alias, model)
    ]


@dataclass(frozen=True)
class DatabaseSnapshot:
    alias: str
    rows: dict  # model -> (attnames, list of value tuples)

    @classmethod
    def take(cls, alias: str = "default") -> "DatabaseSnapshot":
        rows = {}
        for model in _snapshot_models(alias):
            names = [field.attname for field in model._meta.concrete_fields]
            rows[model] = (
                names,
                list(model._base_manager.using(alias).order_by("pk").values_list(*names)),
            )
        return cls(alias=alias, rows=rows)

    def restore(self) -> None:
        """Make the database hold exactly the snapshot's rows, whatever it held before."""
        from django.contrib.contenttypes.models import ContentType

        connection = connections[self.alias]
        with transaction.atomic(using=self.alias), connection.cursor() as cursor:
            for model in self.rows:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            for model, (names, values) in self.rows.items():
                if values:
                    model._base_manager.using(self.alias).bulk_create(
                        [model(**dict(zip(names, row, strict=True))) for row in values]
                    )
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                cursor.execute(sql)
        # Content types were written back with the snapshot's ids; forget any cached since.
        ContentType.objects.clear_cache()
