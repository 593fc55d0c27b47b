import datetime as dt
import os

import pytest

from pdms.accounts.scope import system_scope
from pdms.core.errors import DomainError
from pdms.reporting.summary import summary_report
from pdms.targets import exports as target_exports
from pdms.targets.tests.conftest import plan, progress, set_quota  # noqa: F401

AS_OF = dt.date(2022, 6, 30)
NO_FONT = "No Vietnamese TTF font (apt-get install fonts-dejavu-core fonts-liberation2): PDF export tests skipped"


@pytest.fixture
def term_report(progress, plan):  # noqa: F811
    return summary_report(system_scope(), plan, progress.district, AS_OF, "term")


@pytest.fixture
def pdf_font():
    """Without a Vietnamese font the PDF tests are skipped, except on CI (``CI=true``),
    where they fail: CI must skip nothing."""
    try:
        return target_exports.pdf_fonts()
    except DomainError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc.message} CI must run the PDF export tests.")
        pytest.skip(NO_FONT)
