import datetime as dt

import pytest

from pdms.core.testing import register
from pdms.recruitment.testing import make_candidate

D = dt.date


@pytest.fixture
def branch_members(tree):
    """Two more full members in branch C0101, so it has three full members (An, Hùng, Lan)
    and the probationary Ánh."""
    return [
        register(tree.branch_a1, "Đỗ Văn Hùng", admitted=D(2010, 6, 1), recognized=D(2011, 6, 1)),
        register(tree.branch_a1, "Hoàng Thị Lan", sex="female", admitted=D(2019, 2, 1), recognized=D(2020, 2, 1)),
    ]


@pytest.fixture
def candidate(tree, branch_members):
    return make_candidate(tree.branch_a1, "Nguyễn Thị Mai", sex="female", born=D(2001, 4, 12))


@pytest.fixture
def sponsors(tree):
    return [tree.members["an"], tree.members["dat"]]
