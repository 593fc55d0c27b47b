"""Running imports: from a file on the command line, or as a background job made from an
upload, whose progress and result are kept on its ``ImportJob``."""

import datetime as dt
import io
import logging
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.models import AuditEntry
from pdms.audit.services import audit_record, diff
from pdms.core import citizen_id as cid
from pdms.core.db import refresh_statistics
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.jobs import JobTimeLimitExceeded, heartbeat, lost_jobs_fail, time_limit
from pdms.members.models import Member, MemberPeriod, Person
from pdms.organizations.models import Organization, OrgVersion

from .columns import MEMBER_COLUMNS, ORGANIZATION_COLUMNS
from .members import import_members
from .models import FINISHED_STATUSES, ImportJob, ImportKind, JobStatus
from .organizations import import_organizations
from .outcome import Outcome, Progress, RowError
from .reading import Table, read_table
from .workbooks import error_workbook

logger = logging.getLogger(__name__)

IMPORTERS = {
    ImportKind.ORGANIZATIONS: (ORGANIZATION_COLUMNS, import_organizations),
    ImportKind.MEMBERS: (MEMBER_COLUMNS, import_members),
}


def import_file(
    *, kind: str, fileobj, filename: str, scope: Scope, actor, dry_run: bool, progress: Progress | None = None
) -> tuple[Table | None, Outcome]:
    """Read and import one file. Nothing is written when any row is wrong or with
    ``dry_run``; the table is None when the file itself could not be read."""
    columns, run = IMPORTERS[kind]
    try:
        table = read_table(fileobj, filename, columns)
    except DomainError as error:
        outcome = Outcome(dry_run=dry_run)
        outcome.add_error(None, "", error.message)
        return None, outcome
    reason = _("Imported from the file %(name)s") % {"name": filename}
    outcome = run(table, scope=scope, actor=actor, dry_run=dry_run, reason=reason, progress=progress or Progress())
    if outcome.written and outcome.created:
        refresh_statistics(Organization, OrgVersion, Person, Member, MemberPeriod, AuditEntry)
    return table, outcome


@transaction.atomic
def import_job_create(*, kind: str, upload, dry_run: bool, actor) -> ImportJob:
    """Keep the uploaded file and queue the job that imports it."""
    from .tasks import run_import_job

    if not Scope.of(actor).can_write:
        raise PermissionDenied(_("You may not import data."))
    if kind not in ImportKind.values:
        raise DomainError(_("Choose what the file holds."), field="kind")
    original_name = PurePath(upload.name).name[:255]
    job = ImportJob(created_by=actor, organization=actor.organization, kind=kind, dry_run=dry_run, original_name=original_name)
    job.file.save(f"{kind}{PurePath(original_name).suffix.lower()}", upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


class JobProgress(Progress):
    """Stores the progress on the job. It is written outside the import's transaction
    (rows are checked before it starts), so the progress page sees it at once."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def checked(self, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=self.job_id).update(rows_done=done, total_rows=total, heartbeat_at=timezone.now())

    def writing(self) -> None:
        ImportJob.objects.filter(pk=self.job_id).update(status=JobStatus.WRITING)


def _finish(job: ImportJob, table: Table | None, outcome: Outcome) -> None:
    job.status = JobStatus.REJECTED if outcome.errors else JobStatus.DONE
    job.total_rows = outcome.total
    job.rows_done = outcome.total
    job.created_count = outcome.created
    job.present_count = outcome.present
    job.updated_count = outcome.updated
    job.error_count = outcome.error_rows
    job.errors = [e.as_dict() for e in outcome.sorted_errors()]
    job.warnings = outcome.warnings
    if table is not None and outcome.error_rows:
        stem = PurePath(job.original_name).stem or job.kind
        job.error_file.save(f"{stem}-loi.xlsx", ContentFile(error_workbook(table, outcome.errors)), save=False)
    job.finished_at = timezone.now()
    job.save()


def _fail(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED,
        errors=[RowError(None, "", message).as_dict()],
        finished_at=timezone.now(),
    )


def _beat(job_id: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())


def import_job_run(*, job_id: int) -> None:
    """Run a queued job once, with the scope its creator has now, for at most
    ``settings.JOB_TIME_LIMIT_SECONDS``."""
    # Claiming with a conditional update keeps a job that is queued twice from running twice.
    now = timezone.now()
    if not ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.CHECKING, started_at=now, heartbeat_at=now
    ):
        return
    try:
        with time_limit(settings.JOB_TIME_LIMIT_SECONDS), heartbeat(
            partial(_beat, job_id), every=settings.JOB_HEARTBEAT_SECONDS
        ):
            _run(ImportJob.objects.select_related("created_by").get(pk=job_id))
    except JobTimeLimitExceeded:
        minutes = settings.JOB_TIME_LIMIT_SECONDS // 60
        _fail(
            job_id,
            _("The import took longer than %(minutes)s minutes and was stopped; nothing was written. Split the file and import the parts one by one.")
            % {"minutes": minutes},
        )
    except Exception:
        logger.exception("Import job %s failed", job_id)
        _fail(job_id, _("The import stopped because of an unexpected error; nothing was written. Tell the system administrator."))
        raise


def _run(job: ImportJob) -> None:
    if job.created_by is None or not Scope.of(job.created_by).can_write:
        outcome = Outcome(dry_run=job.dry_run)
        outcome.add_error(None, "", _("The account that uploaded the file may no longer import data."))
        _finish(job, None, outcome)
        return
    with job.file.open("rb") as stored:
        content = io.BytesIO(stored.read())
    table, outcome = import_file(
        kind=job.kind,
        fileobj=content,
        filename=job.original_name,
        scope=Scope.of(job.created_by),
        actor=job.created_by,
        dry_run=job.dry_run,
        progress=JobProgress(job.pk),
    )
    _finish(job, table, outcome)


def import_jobs_reap() -> int:
    """Mark failed the jobs whose worker died: their transaction died with it, so nothing
    was written. Returns how many."""
    message = _("The import stopped because the background worker running it stopped; nothing was written. You may run it again.")
    return lost_jobs_fail(
        ImportJob.objects.all(), Q(status__in=(JobStatus.CHECKING, JobStatus.WRITING)),
        failed={"status": JobStatus.FAILED, "errors": [RowError(None, "", message).as_dict()]},
        on_failed=lambda job: audit_record(
            actor=None, action="import_job.reap", obj=job, object_type="import_job", organization=job.organization,
            changes=diff({"status": job.status}, {"status": JobStatus.FAILED}),
        ),
    )


@transaction.atomic
def import_job_retry(*, job: ImportJob, actor) -> ImportJob:
    """Queue again a job that stopped with an error, from the file it kept. Only the
    person who uploaded the file may, while they may still import."""
    from .tasks import run_import_job

    if job.created_by_id != actor.pk or not Scope.of(actor).can_write:
        raise PermissionDenied(_("Only the person who uploaded the file may run the import again."))
    if not job.file:
        raise DomainError(_("The uploaded file has been removed; upload it again."))
    if not ImportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, errors=[], warnings=[], total_rows=0, rows_done=0, error_count=0,
        started_at=None, heartbeat_at=None, finished_at=None,
    ):
        raise DomainError(_("Only an import that stopped with an error can be run again."))
    audit_record(
        actor=actor, action="import_job.retry", obj=job, object_type="import_job", organization=job.organization,
        changes=diff({"status": job.status}, {"status": JobStatus.QUEUED}),
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    job.refresh_from_db()
    return job


@transaction.atomic
def import_jobs_prune(*, older_than: dt.timedelta, actor, dry_run: bool = False) -> int:
    """Delete the uploaded files and error workbooks of jobs finished longer ago than
    ``older_than`` and mask the citizen ID numbers their error messages quote: the job no
    longer needs them. The jobs' counts and error lists stay. Returns how many jobs were
    pruned."""
    cutoff = timezone.now() - older_than
    jobs = ImportJob.objects.select_for_update().filter(status__in=FINISHED_STATUSES, finished_at__lt=cutoff).exclude(
        file="", error_file="", errors=[]
    )
    pruned = 0
    for job in jobs:
        names = [f.name for f in (job.file, job.error_file) if f]
        errors = [{**error, "message": cid.mask_quoted(error["message"])} for error in job.errors]
        masked = sum(new != old for new, old in zip(errors, job.errors))
        if not names and not masked:
            continue
        pruned += 1
        if dry_run:
            continue
        # Files are deleted only once the transaction has committed, so a rollback keeps them.
        for stored in (job.file, job.error_file):
            if stored:
                transaction.on_commit(lambda storage=stored.storage, name=stored.name: storage.delete(name))
        ImportJob.objects.filter(pk=job.pk).update(file="", error_file="", errors=errors)
        audit_record(
            actor=actor, action="import_job.prune", obj=job, object_type="import_job", organization=job.organization,
            changes={"files": [names, []], "masked_error_messages": [0, masked]},
        )
    return pruned
