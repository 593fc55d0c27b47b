"""Builders used by tests, benchmarks and the browser tests: a small but complete tree
made through the real services, and users bound to organizations."""

import datetime as dt
import itertools
from dataclasses import dataclass

from pdms.accounts.services import user_create
from pdms.core.citizen_id import century_sex_digit
from pdms.members.models import Member
from pdms.members.services import PersonData, member_register
from pdms.organizations.models import Organization, OrgKind
from pdms.organizations.services import organization_found

D = dt.date
PASSWORD = "Mat-khau-2026!"
_serial = itertools.count(1)


def citizen_id_for(birth_date: dt.date, sex: str, province: str = "001") -> str:
    """A valid citizen ID for the birth date and sex, unique within the process."""
    return f"{province}{century_sex_digit(birth_date, sex)}{birth_date.year % 100:02d}{next(_serial):06d}"


def person(full_name: str, birth_date: dt.date, sex: str = "male", **extra) -> PersonData:
    parts = full_name.split()
    return PersonData(
        family_name=parts[0], middle_name=" ".join(parts[1:-1]), given_name=parts[-1], birth_date=birth_date, sex=sex,
        citizen_id=extra.pop("citizen_id", None) or citizen_id_for(birth_date, sex), **extra,
    )


def register(org: Organization, full_name: str, *, born=D(1990, 1, 1), sex="male", admitted=D(2015, 1, 10), recognized=None, today=D(2026, 11, 23)) -> Member:
    return member_register(
        person=person(full_name, born, sex), organization=org, admitted_on=admitted, recognized_on=recognized, actor=None, today=today
    )


@dataclass
class SmallTree:
    province: Organization
    district: Organization
    commune_a: Organization
    commune_b: Organization
    branch_a1: Organization
    branch_a2: Organization
    branch_b1: Organization
    other_province: Organization
    other_branch: Organization
    members: dict


def build_small_tree() -> SmallTree:
    """Two provinces; in the first a district with two grassroots committees and their
    branches, founded in 2010, with a handful of members."""
    found = lambda code, name, kind, parent, on=D(2010, 1, 1): organization_found(  # noqa: E731
        code=code, name=name, kind=kind, parent=parent, founded_on=on, actor=None
    )
    province = found("T01", "Đảng bộ tỉnh Kon Tum", OrgKind.PROVINCE, None)
    district = found("H01", "Đảng bộ huyện Đắk Hà", OrgKind.DISTRICT, province)
    commune_a = found("X01", "Đảng bộ xã Hà Mòn", OrgKind.GRASSROOTS_COMMITTEE, district)
    commune_b = found("X02", "Đảng bộ xã Ngọc Wang", OrgKind.GRASSROOTS_COMMITTEE, district)
    branch_a1 = found("C0101", "Chi bộ thôn 1", OrgKind.BRANCH, commune_a)
    branch_a2 = found("C0102", "Chi bộ thôn 2", OrgKind.BRANCH, commune_a)
    branch_b1 = found("C0201", "Chi bộ thôn Kon Gung", OrgKind.BRANCH, commune_b)
    other_province = found("T02", "Đảng bộ tỉnh Gia Lai", OrgKind.PROVINCE, None)
    other_branch = found("G0101", "Chi bộ cơ sở Trường THPT Pleiku", OrgKind.GRASSROOTS_BRANCH, other_province)
    members = {
        "an": register(branch_a1, "Nguyễn Văn An", admitted=D(2012, 3, 1), recognized=D(2013, 3, 1)),
        "anh": register(branch_a1, "Lê Thị Ánh", sex="female", born=D(1995, 6, 1), admitted=D(2025, 12, 1)),
        "dat": register(branch_a2, "Trần Quốc Đạt", admitted=D(2016, 5, 5), recognized=D(2017, 5, 5)),
        "binh": register(branch_b1, "Phạm Thanh Bình", admitted=D(2018, 1, 2), recognized=D(2019, 1, 2)),
        "uyen": register(other_branch, "Võ Thị Uyên", sex="female", admitted=D(2014, 9, 2), recognized=D(2015, 9, 2)),
    }
    return SmallTree(province, district, commune_a, commune_b, branch_a1, branch_a2, branch_b1, other_province, other_branch, members)


def make_user(username: str, role: str, organization: Organization | None):
    return user_create(
        username=username, password=PASSWORD, role=role, organization=organization, actor=None, full_name=username.title()
    )
