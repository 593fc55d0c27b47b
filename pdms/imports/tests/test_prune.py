import datetime as dt

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from pdms.audit.models import AuditEntry
from pdms.imports.models import ImportJob, JobStatus


def _job(user, org, *, status, finished_days_ago):
    job = ImportJob(created_by=user, organization=org, kind="members", status=status)
    job.file.save("old.csv", ContentFile(b"001090123456"), save=False)
    job.error_file.save("old-errors.xlsx", ContentFile(b"x"), save=False)
    job.finished_at = timezone.now() - dt.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    job.save()
    return job


def test_old_import_files_are_deleted_and_the_job_summary_kept(tree, commune_officer, django_capture_on_commit_callbacks):
    old = _job(commune_officer, tree.commune_a, status=JobStatus.REJECTED, finished_days_ago=45)
    recent = _job(commune_officer, tree.commune_a, status=JobStatus.DONE, finished_days_ago=3)
    running = _job(commune_officer, tree.commune_a, status=JobStatus.CHECKING, finished_days_ago=None)
    stored = old.file.storage
    old_names = [old.file.name, old.error_file.name]

    call_command("prune_imports", days=30, dry_run=True, verbosity=0)
    assert all(stored.exists(name) for name in old_names)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_imports", days=30, verbosity=0)
    old.refresh_from_db(), recent.refresh_from_db(), running.refresh_from_db()
    assert not old.file and not old.error_file and old.status == JobStatus.REJECTED
    assert not any(stored.exists(name) for name in old_names)
    assert recent.file and recent.error_file and running.file
    assert AuditEntry.objects.filter(object_type="import_job", object_id=old.pk, action="import_job.prune").exists()
