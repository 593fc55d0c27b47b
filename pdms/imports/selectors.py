"""Reads of import jobs: a job is seen by its creator, while its organization is still in
their scope, and by administrators."""

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope

from .models import ImportJob


def jobs_for_user(scope: Scope) -> QuerySet[ImportJob]:
    jobs = ImportJob.objects.select_related("created_by")
    if scope.is_admin:
        return jobs
    return jobs.filter(created_by=scope.user).filter(scope.orgs.q("organization_id"))


def get_job_for_user_or_404(scope: Scope, job_id) -> ImportJob:
    try:
        return jobs_for_user(scope).get(pk=int(job_id))
    except (ImportJob.DoesNotExist, TypeError, ValueError):
        raise Http404
