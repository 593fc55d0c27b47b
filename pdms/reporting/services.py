"""Report jobs: a request checks what was asked for and queues the job; the runner builds
the report with the requester's scope, tells the job how far it has got and keeps the
file. A job that fails keeps a message saying why and no file."""

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_record, diff
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.jobs import JobTimeLimitExceeded, heartbeat, lost_jobs_fail, time_limit
from pdms.organizations.models import Organization
from pdms.targets.models import Plan
from pdms.targets.reports import period_of
from pdms.targets.selectors import readable_plans

from .exports import EXPORTERS, summary_filename
from .models import ReportJob, ReportKind, ReportStatus
from .summary import summary_report

logger = logging.getLogger(__name__)


def validate_summary_request(*, scope: Scope, organization: Organization, plan: Plan, period: str, as_of: dt.date) -> str:
    """The period, normalised ("term" or a year), once the request is one the user may
    make and the report can answer; else DomainError naming the field."""
    if plan.pk not in {p.pk for p in readable_plans(scope)}:
        raise DomainError(_("Choose a plan of your organization, of a unit under it or of a committee above it."), field="plan")
    if organization.pk not in scope.orgs:
        raise DomainError(
            _("You may not see the records of %(org)s.") % {"org": organization.name}, field="organization"
        )
    if not organization.path.startswith(plan.organization.path):
        raise DomainError(
            _("%(org)s is not under %(committee)s, which issued plan %(number)s.")
            % {"org": organization.name, "committee": plan.organization.name, "number": plan.number},
            field="organization",
        )
    period = (period or "term").strip().lower()
    start, _end = period_of(plan, period)
    if as_of < start:
        raise DomainError(
            _("Nothing to report on %(number)s before its period starts.") % {"number": plan.number}, field="as_of"
        )
    return period


@transaction.atomic
def report_job_request(
    *, organization: Organization, plan: Plan, period: str, as_of: dt.date, form: str, actor
) -> ReportJob:
    """Queue the summary report of ``organization`` under ``plan`` for ``period`` as of
    ``as_of`` in the file format ``form``. Reading reports writes nothing but the job, so
    every role may ask for one within its scope."""
    from .tasks import run_report_job

    scope = Scope.of(actor)
    if form not in EXPORTERS:
        raise DomainError(_("Choose the format of the file: xlsx, docx or pdf."), field="format")
    period = validate_summary_request(scope=scope, organization=organization, plan=plan, period=period, as_of=as_of)
    job = ReportJob.objects.create(
        kind=ReportKind.SUMMARY, organization=organization, created_by=actor, format=form,
        parameters={"plan": plan.pk, "plan_number": plan.number, "period": period, "as_of": as_of.isoformat()},
    )
    audit_record(
        actor=actor, action="report_job.request", obj=job, object_type="report_job", organization=organization,
        changes=diff({}, {"kind": job.kind, "format": form, **job.parameters}),
    )
    transaction.on_commit(lambda: run_report_job.enqueue(job.pk))
    return job


def _progress(job_id: int):
    """Stores the progress on the job as the report is built; the runner holds no
    transaction, so the job page sees each step at once."""

    def tell(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=percent, step=step[:255], heartbeat_at=timezone.now())

    return tell


def _fail(job_id: int, message: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportStatus.FAILED, error=message, step="", file="", finished_at=timezone.now()
    )


def _beat(job_id: int) -> None:
    ReportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())


def report_job_run(*, job_id: int) -> None:
    """Run a queued job once, with the scope its creator has now, for at most
    ``settings.JOB_TIME_LIMIT_SECONDS``."""
    # Claiming with a conditional update keeps a job that is queued twice from running twice.
    now = timezone.now()
    if not ReportJob.objects.filter(pk=job_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, started_at=now, heartbeat_at=now
    ):
        return
    job = ReportJob.objects.select_related("created_by", "organization").get(pk=job_id)
    try:
        with time_limit(settings.JOB_TIME_LIMIT_SECONDS), heartbeat(
            partial(_beat, job_id), every=settings.JOB_HEARTBEAT_SECONDS
        ):
            content = _build(job)
    except DomainError as error:
        _fail(job_id, error.message)
        return
    except JobTimeLimitExceeded:
        _fail(
            job_id,
            _("The report took longer than %(minutes)s minutes and was stopped. Ask for a smaller organization or a shorter period, or tell the system administrator.")
            % {"minutes": settings.JOB_TIME_LIMIT_SECONDS // 60},
        )
        return
    except Exception:
        logger.exception("Report job %s failed", job_id)
        _fail(job_id, _("The report could not be prepared because of an unexpected error. Tell the system administrator."))
        return
    name = summary_filename(job.parameters["period"], job.organization.code, dt.date.fromisoformat(job.parameters["as_of"]), job.format)
    job.file.save(name, ContentFile(content), save=False)
    job.filename = name
    job.status = ReportStatus.DONE
    job.progress, job.step = 100, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "progress", "step", "finished_at"])


def report_jobs_reap() -> int:
    """Mark failed the jobs whose worker died. Returns how many."""
    message = _("The report stopped because the background worker preparing it stopped. You may ask for it again.")
    return lost_jobs_fail(
        ReportJob.objects.select_related("organization"), Q(status=ReportStatus.RUNNING),
        failed={"status": ReportStatus.FAILED, "error": message, "step": ""},
        on_failed=lambda job: audit_record(
            actor=None, action="report_job.reap", obj=job, object_type="report_job", organization=job.organization,
            changes=diff({"status": job.status}, {"status": ReportStatus.FAILED}),
        ),
    )


@transaction.atomic
def report_job_retry(*, job: ReportJob, actor) -> ReportJob:
    """Queue again a job that failed, with the parameters it was asked with. Only the
    person who asked for it may."""
    from .tasks import run_report_job

    if job.created_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked for the report may ask for it again."))
    if not ReportJob.objects.filter(pk=job.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, progress=0, step="", error="", started_at=None, heartbeat_at=None, finished_at=None
    ):
        raise DomainError(_("Only a report that failed can be asked for again."))
    audit_record(
        actor=actor, action="report_job.retry", obj=job, object_type="report_job", organization=job.organization,
        changes=diff({"status": job.status}, {"status": ReportStatus.QUEUED}),
    )
    transaction.on_commit(lambda: run_report_job.enqueue(job.pk))
    job.refresh_from_db()
    return job


def _build(job: ReportJob) -> bytes:
    if job.created_by is None:
        raise DomainError(_("The account that asked for the report no longer exists."))
    scope = Scope.of(job.created_by)
    plan = Plan.objects.select_related("organization").filter(pk=job.parameters["plan"]).first()
    if plan is None:
        raise DomainError(_("The plan of the report no longer exists."))
    as_of = dt.date.fromisoformat(job.parameters["as_of"])
    period = validate_summary_request(
        scope=scope, organization=job.organization, plan=plan, period=job.parameters["period"], as_of=as_of
    )
    tell = _progress(job.pk)
    report = summary_report(scope, plan, job.organization, as_of, period, progress=tell)
    tell(95, _("Writing the file"))
    return EXPORTERS[job.format](report)
