"""A report made in the background: what was asked for, how far it has got and the file
it produced."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    SUMMARY = "summary", _("Summary of the results of developing Party members")


class ReportFormat(models.TextChoices):
    # Product names, the same in every language.
    XLSX = "xlsx", "Excel (.xlsx)"
    DOCX = "docx", "Word (.docx)"
    PDF = "pdf", "PDF"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class ReportJob(models.Model):
    kind = models.CharField(_("report"), max_length=16, choices=ReportKind.choices, default=ReportKind.SUMMARY)
    # {"plan": id, "plan_number": "09-KH/HU", "period": "term" | "2022", "as_of": "2022-06-30"}
    parameters = models.JSONField(_("parameters"), default=dict)
    # The organization reported on: whoever's scope holds it may see the job.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="report_jobs", verbose_name=_("by")
    )
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Written while the job runs; a job whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="reportjob_creator_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization_id} {self.parameters.get('plan_number', '')}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
