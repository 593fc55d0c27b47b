import datetime as dt

import pytest

from pdms.core.testing import register
from pdms.targets import services

D = dt.date
TERM = (D(2020, 8, 1), D(2025, 7, 31))
YEAR_2022 = (D(2022, 1, 1), D(2022, 12, 31))


@pytest.fixture
def plan(tree):
    return services.plan_create(
        organization=tree.district, number="09-KH/HU", title="Kế hoạch phát triển đảng viên nhiệm kỳ 2020–2025",
        issued_on=D(2020, 10, 6), term_start=TERM[0], term_end=TERM[1], actor=None,
    )


@pytest.fixture
def set_quota(plan):
    def set_quota(organization, value, *, period=TERM, kind="number", decided_on=D(2020, 10, 6), **extra):
        return services.quota_set(
            plan=plan, organization=organization, period_start=period[0], period_end=period[1], kind=kind,
            value=value, decided_on=decided_on, actor=None, **extra,
        )

    return set_quota


@pytest.fixture
def progress(tree, set_quota):
    set_quota(tree.district, 3)
    set_quota(tree.commune_a, 1)
    set_quota(tree.commune_b, 4)
    register(tree.branch_a1, "Vũ Văn Một", admitted=D(2021, 3, 1))
    register(tree.branch_a2, "Vũ Văn Hai", admitted=D(2022, 2, 1))
    register(tree.branch_b1, "Vũ Văn Ba", admitted=D(2022, 3, 1))
    set_quota(tree.commune_b, 2, decided_on=D(2022, 4, 1), decision="Nghị quyết 15-NQ/HU", reason="Điều chỉnh")
    return tree
