"""django_tasks_db's worker, kept alive through database outages.

Their worker exits on the first database error it does not expect. This one starts it
again after a pause that doubles up to a minute, and marks failed the tasks and jobs of
dead workers when it starts and every minute while it runs.
"""

import time

from django.db import DatabaseError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker

from pdms.core.jobs import heartbeat, lost_tasks_fail, reap_stale_jobs

FIRST_PAUSE_SECONDS = 1
LONGEST_PAUSE_SECONDS = 60
REAP_EVERY_SECONDS = 60


def reap() -> None:
    lost_tasks_fail()
    reap_stale_jobs.send(sender=None)


class Command(db_worker.Command):
    help = (
        "Run the database background worker. When the database goes away it waits and starts again; "
        "jobs whose worker died are marked failed."
    )

    def handle(self, *args, **options) -> None:
        pause = FIRST_PAUSE_SECONDS
        with heartbeat(reap, every=REAP_EVERY_SECONDS):
            while True:
                started = time.monotonic()
                try:
                    reap()
                    super().handle(*args, **options)
                    return
                except DatabaseError as error:
                    if time.monotonic() - started > LONGEST_PAUSE_SECONDS:
                        pause = FIRST_PAUSE_SECONDS
                    self.stderr.write(f"Database error ({error}); the worker starts again in {pause} s.")
                    self._drop_connections()
                    time.sleep(pause)
                    pause = min(pause * 2, LONGEST_PAUSE_SECONDS)

    @staticmethod
    def _drop_connections() -> None:
        """Close the broken connections so that the next start opens new ones."""
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                pass
        close_old_connections()
