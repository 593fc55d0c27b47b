"""Background jobs of the imports (run by ``manage.py db_worker``; inline in tests)."""

from django_tasks import task

from .services import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id=job_id)
