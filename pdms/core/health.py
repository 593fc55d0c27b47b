"""``/healthz`` for the load balancer and the monitoring: 200 "ok" when the database
answers and the job queue moves, 503 with the reason otherwise."""

import datetime as dt

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult


def _unavailable(reason: str) -> HttpResponse:
    return HttpResponse(reason, status=503, content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError:
        return _unavailable("database unavailable")
    # A task waiting this long means no worker is taking tasks.
    if oldest is not None and timezone.now() - oldest > dt.timedelta(seconds=settings.QUEUE_MAX_WAIT_SECONDS):
        return _unavailable(f"job queue stalled: a task has waited since {oldest.isoformat()}")
    return HttpResponse("ok", content_type="text/plain")
