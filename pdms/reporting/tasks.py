"""Background jobs of the reports (run by ``manage.py db_worker``; inline in tests)."""

from django_tasks import task

from .services import report_job_run


@task()
def run_report_job(job_id: int) -> None:
    report_job_run(job_id=job_id)
