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


def test_old_error_messages_keep_only_the_last_four_digits_of_a_citizen_id(tree, commune_officer):
    quoting = "Số CCCD “001090123456” không khớp với năm sinh 1991."
    old = _job(commune_officer, tree.commune_a, status=JobStatus.REJECTED, finished_days_ago=45)
    already_pruned = _job(commune_officer, tree.commune_a, status=JobStatus.REJECTED, finished_days_ago=400)
    recent = _job(commune_officer, tree.commune_a, status=JobStatus.REJECTED, finished_days_ago=3)
    for job in (old, already_pruned, recent):
        job.errors = [{"row": 2, "column": "Số CCCD", "message": quoting}, {"row": None, "column": "", "message": "Tệp rỗng."}]
    ImportJob.objects.bulk_update([old, already_pruned, recent], ["errors"])
    ImportJob.objects.filter(pk=already_pruned.pk).update(file="", error_file="")

    call_command("prune_imports", days=30, verbosity=0)

    masked = "Số CCCD “••••••••3456” không khớp với năm sinh 1991."
    for job in (old, already_pruned):
        job.refresh_from_db()
        assert [e["message"] for e in job.errors] == [masked, "Tệp rỗng."] and job.errors[0]["row"] == 2
    recent.refresh_from_db()
    assert recent.errors[0]["message"] == quoting
    assert "001090123456" not in str(AuditEntry.objects.filter(action="import_job.prune").values_list("changes", flat=True))
