import datetime as dt

import pytest

from pdms.core.testing import make_user
from pdms.followups import services
from pdms.recruitment.testing import make_candidate
from pdms.targets.tests import conftest as targets_fixtures

D = dt.date

# The district's plan 09-KH/HU and its quotas, as the quota tests build them.
plan, set_quota, progress = targets_fixtures.plan, targets_fixtures.set_quota, targets_fixtures.progress


@pytest.fixture
def district_officer(tree):
    """Staff of the district committee, which asks the lagging commune."""
    return make_user("district", "staff", tree.district)


@pytest.fixture
def unit_officer(tree):
    """Staff of Ngọc Wang commune, the unit asked to report."""
    return make_user("ngocwang", "staff", tree.commune_b)


@pytest.fixture
def lagging(progress):
    """Ngọc Wang commune: 1 admission against a quota of 2 for the term, and one candidate."""
    make_candidate(progress.branch_b1, "Y Hoa", added=D(2025, 3, 1))
    return progress.commune_b


@pytest.fixture
def request_426(tree, plan, lagging, district_officer):
    return services.followup_request(
        committee=tree.district, unit=lagging, plan=plan, period="term", document_number="426-TB/HU",
        issued_on=D(2026, 10, 1), due_on=D(2026, 10, 31),
        request_text="Kiểm điểm, tự phê bình việc không đạt chỉ tiêu kết nạp đảng viên; báo cáo giải pháp khắc phục.",
        actor=district_officer,
    )
