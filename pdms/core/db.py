"""Database housekeeping shared by bulk writers."""

from django.db import connection


def refresh_statistics(*models) -> None:
    """Refresh the query planner's statistics after a bulk load: on PostgreSQL a freshly
    filled table otherwise keeps the estimates of an empty one and gets slow plans."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f'ANALYZE "{table}"')
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
