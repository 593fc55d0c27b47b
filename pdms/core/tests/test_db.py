from django.db import connection

from pdms.core.db import refresh_statistics
from pdms.members.models import MemberPeriod


def test_statistics_are_refreshed_after_a_bulk_load(tree):
    refresh_statistics(MemberPeriod)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [MemberPeriod._meta.db_table])
            assert cursor.fetchone()[0] == MemberPeriod.objects.count()
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1")
            assert cursor.fetchone()[0] > 0
