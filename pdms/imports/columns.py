"""The spreadsheet format: column headers and the Vietnamese words accepted in cells.

These are the file format, not interface text: a file has the same headers whatever the
language of the interface, so none of them goes through gettext. Headers and words are
matched without diacritics or case (``vn_normalize``), so "NGAY SINH" is "Ngày sinh".
"""

from dataclasses import dataclass

from pdms.core.vntext import vn_normalize
from pdms.members.models import Member, MemberPeriod, Person, Sex
from pdms.organizations.models import Organization, OrgKind


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # A required column must be in the header row; its cells may still be optional.
    required: bool = True
    # The longest text a cell may hold: the length of the field it is stored in.
    max_length: int | None = None


def _length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


ORGANIZATION_COLUMNS = (
    Column("code", "Mã tổ chức", max_length=_length(Organization, "code")),
    Column("name", "Tên tổ chức", max_length=_length(Organization, "name")),
    Column("kind", "Loại"),
    Column("parent", "Mã cấp trên"),
    Column("founded_on", "Ngày thành lập"),
    Column("has_committee", "Có chi ủy", required=False),
)

MEMBER_COLUMNS = (
    # A name that fits the middle-name field fits each of its parts.
    Column("full_name", "Họ và tên", max_length=_length(Person, "middle_name")),
    Column("birth_date", "Ngày sinh"),
    Column("sex", "Giới tính"),
    Column("citizen_id", "Số CCCD"),
    Column("ethnicity", "Dân tộc", required=False, max_length=_length(Person, "ethnicity")),
    Column("religion", "Tôn giáo", required=False, max_length=_length(Person, "religion")),
    Column("organization", "Mã tổ chức", max_length=_length(Organization, "code")),
    Column("admitted_on", "Ngày vào Đảng"),
    # Required although its cells may be empty: without the column every member would
    # silently become probationary.
    Column("recognized_on", "Ngày chính thức"),
    Column("card_number", "Số thẻ đảng viên", required=False, max_length=_length(Member, "card_number")),
    # A member admitted elsewhere: counted as arriving here on that date, not as an admission.
    Column("arrived_on", "Ngày chuyển đến", required=False),
    Column("arrived_from", "Nơi chuyển đến", required=False, max_length=_length(MemberPeriod, "note")),
)

KIND_LABELS = {
    OrgKind.PROVINCE: "Đảng bộ tỉnh",
    OrgKind.DISTRICT: "Đảng bộ huyện",
    OrgKind.PROVINCIAL_DIRECT: "Đảng bộ trực thuộc tỉnh",
    OrgKind.COMMUNE: "Đảng bộ xã",
    OrgKind.GRASSROOTS_COMMITTEE: "Đảng bộ cơ sở",
    OrgKind.GRASSROOTS_BRANCH: "Chi bộ cơ sở",
    OrgKind.SUB_COMMITTEE: "Đảng bộ bộ phận",
    OrgKind.BRANCH: "Chi bộ trực thuộc",
}
KIND_BY_WORD = {vn_normalize(label): kind for kind, label in KIND_LABELS.items()}

SEX_LABELS = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
SEX_BY_WORD = {vn_normalize(label): sex for sex, label in SEX_LABELS.items()}

YES, NO = "Có", "Không"
BOOL_BY_WORD = {vn_normalize(YES): True, vn_normalize(NO): False}


def column_of(columns: tuple[Column, ...], key: str) -> Column:
    return next(c for c in columns if c.key == key)


def header_of(columns: tuple[Column, ...], key: str) -> str:
    return column_of(columns, key).header
