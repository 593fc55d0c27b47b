"""What error reports (the DEBUG page, error e-mails) may show of settings and the request."""

import re

from django.views.debug import SafeExceptionReporterFilter


class SecretHidingFilter(SafeExceptionReporterFilter):
    # Django's list, plus the database URL (it carries the password) in settings and in the
    # environment, which the development server copies into request.META.
    hidden_settings = re.compile("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE_URL|DSN", flags=re.I)
