"""Reads of report jobs: a job is seen by every user whose scope holds the organization it
reports on (the report shows nothing outside that subtree); each user's list shows the
jobs they asked for."""

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope

from .models import ReportJob


def report_jobs_for_user(scope: Scope) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(scope.orgs.q("organization_id")).select_related("organization", "created_by")


def recent_report_jobs(scope: Scope, limit: int = 20) -> list[ReportJob]:
    return list(report_jobs_for_user(scope).filter(created_by=scope.user.pk)[:limit])


def get_report_job_for_user_or_404(scope: Scope, job_id) -> ReportJob:
    try:
        return report_jobs_for_user(scope).get(pk=int(job_id))
    except (ReportJob.DoesNotExist, TypeError, ValueError):
        raise Http404
