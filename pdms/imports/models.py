"""An import run from the web: the uploaded file, how far the background job has got and
what it found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", _("Organizations")
    MEMBERS = "members", _("Members")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking the rows")
    WRITING = "writing", _("Writing the data")
    DONE = "done", _("Finished")
    REJECTED = "rejected", _("Errors found; nothing was written")
    FAILED = "failed", _("Stopped by an unexpected error")


FINISHED_STATUSES = (JobStatus.DONE, JobStatus.REJECTED, JobStatus.FAILED)


class ImportJob(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="import_jobs", verbose_name=_("by")
    )
    # The organization of the creator when the job was made: its subtree is the job's scope.
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("what"), max_length=16, choices=ImportKind.choices)
    dry_run = models.BooleanField(_("check only"), default=False)
    file = models.FileField(_("file"), upload_to="imports/uploads/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    present_count = models.PositiveIntegerField(_("already present"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row", "column", "message"}]
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error_file = models.FileField(_("error workbook"), upload_to="imports/errors/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Written while the job runs; a job whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_creator_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.WRITING or self.is_finished:
            return 100
        return self.rows_done * 100 // self.total_rows if self.total_rows else 0
