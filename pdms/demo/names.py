"""Vietnamese people for the demo: names written family name first, ethnicity, religion,
hometown, education and a valid citizen ID, drawn from weighted lists.

Faker's vi_VN provider is not used: it puts the given name first.
"""

import datetime as dt
import random
from dataclasses import dataclass

from pdms.core.citizen_id import century_sex_digit
from pdms.members.models import Sex
from pdms.members.services import PersonData

KINH = "Kinh"

# Share among Kinh people, in per mille (Nguyễn about 38%).
FAMILY_NAMES = {
    "Nguyễn": 380,
    "Trần": 110,
    "Lê": 95,
    "Phạm": 70,
    "Hoàng": 45,
    "Phan": 45,
    "Vũ": 35,
    "Võ": 30,
    "Đặng": 21,
    "Huỳnh": 20,
    "Bùi": 20,
    "Đỗ": 14,
    "Hồ": 13,
    "Ngô": 13,
    "Dương": 10,
    "Đinh": 8,
    "Trương": 8,
    "Lý": 5,
    "Đoàn": 5,
    "Lương": 4,
    "Mai": 4,
    "Hà": 4,
    "Cao": 3,
    "Lâm": 3,
    "Tạ": 2,
    "Thái": 2,
    "Chu": 2,
    "Tô": 2,
}
MIDDLE_MALE = (
    "Đức",
    "Minh",
    "Quốc",
    "Hữu",
    "Công",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Đình",
    "Quang",
    "Trung",
    "Anh",
    "Duy",
    "Tiến",
    "Bá",
    "Thành",
)
MIDDLE_FEMALE = (
    "Ngọc",
    "Thanh",
    "Thu",
    "Minh",
    "Kim",
    "Mỹ",
    "Hồng",
    "Phương",
    "Bích",
    "Thùy",
    "Hoài",
    "Diệu",
    "Quỳnh",
    "Khánh",
    "Bảo",
    "Thảo",
)
GIVEN_MALE = (
    "An",
    "Anh",
    "Bảo",
    "Bình",
    "Chiến",
    "Cường",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khang",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Lộc",
    "Long",
    "Lực",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phong",
    "Phúc",
    "Phương",
    "Quang",
    "Quân",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thiện",
    "Thịnh",
    "Toàn",
    "Trí",
    "Trung",
    "Trường",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
)
GIVEN_FEMALE = (
    "An",
    "Anh",
    "Châu",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hòa",
    "Hồng",
    "Huệ",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Nhàn",
    "Oanh",
    "Phương",
    "Quyên",
    "Quỳnh",
    "Thảo",
    "Thanh",
    "Thủy",
    "Thúy",
    "Trang",
    "Trinh",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
)

# Peoples of the Central Highlands who write a sex marker where Kinh write a family name:
# "A Thút" (a man), "Y Mai" (a woman).
MARKED_PEOPLES = ("Ba Na", "Xơ Đăng", "Giẻ Triêng", "Brâu", "Rơ Măm")
MARKED_GIVEN_MALE = (
    "Thút",
    "Blong",
    "Sang",
    "Nhuông",
    "Phong",
    "Đức",
    "Tuấn",
    "Hiệp",
    "Kang",
    "Rin",
    "Khuyên",
    "Vinh",
    "Dũng",
    "Rưn",
    "Bốc",
    "Xuân",
    "Hơi",
    "Thìn",
    "Nhâm",
    "Tâm",
    "Sơn",
    "Quang",
    "Pháo",
    "Trọng",
)
MARKED_GIVEN_FEMALE = (
    "Mai",
    "Hạnh",
    "Bứt",
    "Thanh",
    "Nhuận",
    "Liên",
    "Hiên",
    "Ngọc",
    "Ngơi",
    "Pia",
    "Đoan",
    "Nhung",
    "Huệ",
    "Lan",
    "Thùy",
    "Hoa",
    "Blưm",
    "Hơn",
    "Kim",
    "Dung",
)
# Gia Rai clan names come first; women's given names often begin with H'.
GIA_RAI_CLANS = ("Rơ Châm", "Ksor", "Siu", "Rơ Mah", "Kpă", "Nay", "Puih", "Rơ Lan")
GIA_RAI_MALE = ("Blơng", "Thuin", "Krông", "Dinh", "Tuil", "Byơ", "Hyin", "Mlô", "Djuh", "Nhuih", "Hiếu", "Ngơm")
GIA_RAI_FEMALE = ("H'Yim", "H'Bia", "H'Lan", "H'Dung", "H'Nga", "H'Wiên", "H'Ngai", "H'Mai", "H'Blơm", "H'Xuân")
# Peoples elsewhere in the country who write names the Kinh way, with their own family names.
NORTHERN_FAMILIES = {
    "Tày": ("Hoàng", "Nông", "Lương", "Ma"),
    "Thái": ("Lò", "Lường", "Cầm", "Quàng"),
    "Mường": ("Bùi", "Đinh", "Quách"),
    "Nùng": ("Hoàng", "Lương", "Nông"),
    "Khmer": ("Thạch", "Sơn", "Danh", "Kim"),
}
HMONG = "H'Mông"
HMONG_CLANS = ("Giàng", "Sùng", "Vàng", "Thào", "Hầu", "Mùa", "Lầu")
HMONG_GIVEN_MALE = ("Páo", "Dính", "Sử", "Chứ", "Chông", "Lử", "Tủa", "Sính")
HMONG_GIVEN_FEMALE = ("Mỷ", "Dợ", "Sua", "Pà", "Chi", "Say")

# Every family name a demo person can carry (for the tests).
ALL_FAMILY_NAMES = frozenset(
    [*FAMILY_NAMES, "A", "Y", *GIA_RAI_CLANS, *HMONG_CLANS, *(n for names in NORTHERN_FAMILIES.values() for n in names)]
)

RELIGIONS_KINH = (("Không", 915), ("Công giáo", 45), ("Phật giáo", 35), ("Tin Lành", 5))
RELIGIONS_OTHER = (("Không", 860), ("Công giáo", 110), ("Tin Lành", 30))

# Education by the kind of branch: the places where people with more schooling work.
EDUCATION = {
    "village": (("9/12", 34), ("12/12", 46), ("Trung cấp", 12), ("Cao đẳng", 3), ("Đại học", 5)),
    "ward": (("12/12", 45), ("Trung cấp", 15), ("Cao đẳng", 8), ("Đại học", 28), ("Thạc sĩ", 4)),
    "office": (("Cao đẳng", 4), ("Đại học", 68), ("Thạc sĩ", 24), ("Tiến sĩ", 2), ("Trung cấp", 2)),
    "school": (("Cao đẳng", 18), ("Đại học", 70), ("Thạc sĩ", 12)),
    "health": (("Trung cấp", 25), ("Cao đẳng", 20), ("Đại học", 40), ("Thạc sĩ", 10), ("Tiến sĩ", 5)),
    "armed": (("12/12", 20), ("Trung cấp", 25), ("Cao đẳng", 10), ("Đại học", 40), ("Thạc sĩ", 5)),
    "enterprise": (("12/12", 30), ("Trung cấp", 22), ("Cao đẳng", 13), ("Đại học", 33), ("Thạc sĩ", 2)),
}
OLD_SCHOOLING = (("7/10", 25), ("10/10", 45), ("12/12", 30))  # the ten-year school system, before 1975

# Where Kinh settlers of the Highlands came from: (hometown, province code of the citizen ID).
ORIGINS = (
    ("huyện Diễn Châu, tỉnh Nghệ An", "040"),
    ("huyện Nghi Lộc, tỉnh Nghệ An", "040"),
    ("huyện Đức Thọ, tỉnh Hà Tĩnh", "042"),
    ("huyện Mộ Đức, tỉnh Quảng Ngãi", "051"),
    ("huyện Tư Nghĩa, tỉnh Quảng Ngãi", "051"),
    ("huyện Hoài Nhơn, tỉnh Bình Định", "052"),
    ("huyện Phù Mỹ, tỉnh Bình Định", "052"),
    ("huyện Duy Xuyên, tỉnh Quảng Nam", "049"),
    ("huyện Thăng Bình, tỉnh Quảng Nam", "049"),
    ("huyện Vũ Thư, tỉnh Thái Bình", "034"),
    ("huyện Hải Hậu, tỉnh Nam Định", "036"),
    ("huyện Hoằng Hóa, tỉnh Thanh Hóa", "038"),
)


def weighted(rng: random.Random, pairs) -> str:
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights)[0]


@dataclass(frozen=True)
class Locale:
    """Who lives around a branch: the province, local hometowns and its peoples."""

    province_code: str
    places: tuple[str, ...]
    minority_share: float
    peoples: tuple[str, ...]


class People:
    """Draws demo people. Citizen ID serials are counted per prefix, so numbers are unique
    within one run and the same for the same seed."""

    def __init__(self, rng: random.Random, serials: dict[str, int] | None = None):
        self.rng = rng
        # Shared between the provinces of one load: people born elsewhere share prefixes.
        self._serials = {} if serials is None else serials
        self._family = (tuple(FAMILY_NAMES), tuple(FAMILY_NAMES.values()))

    def citizen_id(self, province_code: str, birth_date: dt.date, sex: str) -> str:
        prefix = f"{province_code}{century_sex_digit(birth_date, sex)}{birth_date.year % 100:02d}"
        serial = self._serials.get(prefix)
        serial = self.rng.randrange(1, 200_000) if serial is None else serial + self.rng.randint(1, 9)
        if serial > 999_999:
            raise OverflowError(f"citizen ID serials exhausted for prefix {prefix}")
        self._serials[prefix] = serial
        return f"{prefix}{serial:06d}"

    def _kinh_name(self, sex: str, born: int, family: str | None = None) -> tuple[str, str, str]:
        rng = self.rng
        family = family or rng.choices(*self._family)[0]
        # "Văn" and "Thị" were the usual middle names; younger people have more varied ones.
        plain = 0.75 if born < 1970 else 0.5 if born < 1990 else 0.3
        if sex == Sex.MALE:
            middle = "Văn" if rng.random() < plain else rng.choice(MIDDLE_MALE)
            given = rng.choice(GIVEN_MALE)
        else:
            middle = "Thị" if rng.random() < plain else rng.choice(MIDDLE_FEMALE)
            if middle == "Thị" and rng.random() < 0.12:
                middle = f"Thị {rng.choice(MIDDLE_FEMALE)}"
            given = rng.choice(GIVEN_FEMALE)
        return family, middle, given

    def _name(self, people: str, sex: str, born: int) -> tuple[str, str, str]:
        rng = self.rng
        male = sex == Sex.MALE
        if people in MARKED_PEOPLES:
            return ("A" if male else "Y"), "", rng.choice(MARKED_GIVEN_MALE if male else MARKED_GIVEN_FEMALE)
        if people == "Gia Rai":
            return rng.choice(GIA_RAI_CLANS), "", rng.choice(GIA_RAI_MALE if male else GIA_RAI_FEMALE)
        if people == HMONG:
            return rng.choice(HMONG_CLANS), ("A" if male else "Thị"), rng.choice(HMONG_GIVEN_MALE if male else HMONG_GIVEN_FEMALE)
        if people in NORTHERN_FAMILIES:
            return self._kinh_name(sex, born, rng.choice(NORTHERN_FAMILIES[people]))
        return self._kinh_name(sex, born)

    def person(self, locale: Locale, *, sex: str, birth_date: dt.date, schooling: str) -> PersonData:
        rng = self.rng
        minority = locale.peoples and rng.random() < locale.minority_share
        people = rng.choice(locale.peoples) if minority else KINH
        family, middle, given = self._name(people, sex, birth_date.year)
        code = locale.province_code
        hometown = rng.choice(locale.places)
        if people == KINH and rng.random() < 0.45:
            hometown, code = rng.choice(ORIGINS)
        if birth_date.year < 1958 and rng.random() < 0.6:
            education = weighted(rng, OLD_SCHOOLING)
        else:
            education = weighted(rng, EDUCATION[schooling])
        return PersonData(
            family_name=family,
            middle_name=middle,
            given_name=given,
            birth_date=birth_date,
            sex=sex,
            citizen_id=self.citizen_id(code, birth_date, sex),
            ethnicity=people,
            religion=weighted(rng, RELIGIONS_KINH if people == KINH else RELIGIONS_OTHER),
            hometown=hometown,
            education=education,
        )


ALL_GIVEN_NAMES = frozenset(
    [
        *GIVEN_MALE,
        *GIVEN_FEMALE,
        *MARKED_GIVEN_MALE,
        *MARKED_GIVEN_FEMALE,
        *GIA_RAI_MALE,
        *GIA_RAI_FEMALE,
        *HMONG_GIVEN_MALE,
        *HMONG_GIVEN_FEMALE,
    ]
)
