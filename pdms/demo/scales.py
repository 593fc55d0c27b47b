"""The three sizes of demo data: one commune for tests, one province for the quick start
and the benchmarks, and the whole Party (34 provinces) for the national benchmark."""

import datetime as dt
from dataclasses import dataclass

from . import places

KON_TUM_FOUNDED = dt.date(1991, 8, 12)  # the province was re-established from Gia Lai - Kon Tum
NATIONAL_MEMBERS = 5_600_000


@dataclass(frozen=True)
class ProvinceSpec:
    name: str  # "Kon Tum"
    title: str  # "tỉnh Kon Tum"
    citizen_code: str  # province code of citizen IDs: "062"
    members: int  # about this many members today
    districts: tuple[places.DistrictPlan, ...] = ()
    # Without named districts, this many are composed (for the national scale).
    composed_districts: int = 0
    full_districts: bool = True  # every district institution, or only a few (commune scale)
    villages: tuple[int, int] = (6, 13)  # villages (or residential groups) in a commune
    provincial_units: bool = True  # the party committees directly under the province
    new_district: tuple | None = None
    founded_on: dt.date = KON_TUM_FOUNDED
    peoples: tuple[str, ...] = ("Ba Na", "Xơ Đăng")

    @property
    def short(self) -> str:
        return self.citizen_code[1:]


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: tuple[ProvinceSpec, ...]
    help: str


KON_TUM = ProvinceSpec(
    name="Kon Tum",
    title="tỉnh Kon Tum",
    citizen_code="062",
    members=60_000,
    districts=places.KON_TUM,
    new_district=places.NEW_DISTRICT_2015,
    peoples=("Ba Na", "Xơ Đăng", "Giẻ Triêng", "Gia Rai", "Brâu", "Rơ Măm"),
)
ONE_COMMUNE = ProvinceSpec(
    name="Kon Tum",
    title="tỉnh Kon Tum",
    citizen_code="062",
    members=800,
    districts=(
        places.DistrictPlan(
            places.RURAL_DISTRICT,
            "Đắk Hà",
            (
                (places.TOWNSHIP, "Đắk Hà"),
                (places.COMMUNE, "Hà Mòn"),
                (places.COMMUNE, "Đăk La"),
            ),
            ("Xơ Đăng", "Ba Na"),
            0.4,
        ),
    ),
    full_districts=False,
    provincial_units=False,
    villages=(4, 8),
)

# The 34 provinces from 01/07/2025: (name, title, citizen ID code, peoples of the minorities).
_NORTH = ("Tày", "Thái", "H'Mông", "Mường", "Nùng")
_HIGHLANDS = ("Gia Rai", "Ba Na", "Xơ Đăng")
_PROVINCES = (
    ("Hà Nội", "thành phố Hà Nội", "001", ("Mường",)),
    ("Huế", "thành phố Huế", "046", ()),
    ("Lai Châu", "tỉnh Lai Châu", "012", _NORTH),
    ("Điện Biên", "tỉnh Điện Biên", "011", _NORTH),
    ("Sơn La", "tỉnh Sơn La", "014", _NORTH),
    ("Lạng Sơn", "tỉnh Lạng Sơn", "020", _NORTH),
    ("Quảng Ninh", "tỉnh Quảng Ninh", "022", ("Tày",)),
    ("Thanh Hóa", "tỉnh Thanh Hóa", "038", ("Mường", "Thái")),
    ("Nghệ An", "tỉnh Nghệ An", "040", ("Thái",)),
    ("Hà Tĩnh", "tỉnh Hà Tĩnh", "042", ()),
    ("Cao Bằng", "tỉnh Cao Bằng", "004", _NORTH),
    ("Tuyên Quang", "tỉnh Tuyên Quang", "008", _NORTH),
    ("Lào Cai", "tỉnh Lào Cai", "010", _NORTH),
    ("Thái Nguyên", "tỉnh Thái Nguyên", "019", ("Tày", "Nùng")),
    ("Phú Thọ", "tỉnh Phú Thọ", "025", ("Mường",)),
    ("Bắc Ninh", "tỉnh Bắc Ninh", "027", ()),
    ("Hưng Yên", "tỉnh Hưng Yên", "033", ()),
    ("Hải Phòng", "thành phố Hải Phòng", "031", ()),
    ("Ninh Bình", "tỉnh Ninh Bình", "037", ("Mường",)),
    ("Quảng Trị", "tỉnh Quảng Trị", "045", ()),
    ("Đà Nẵng", "thành phố Đà Nẵng", "048", ()),
    ("Quảng Ngãi", "tỉnh Quảng Ngãi", "051", _HIGHLANDS),
    ("Gia Lai", "tỉnh Gia Lai", "064", _HIGHLANDS),
    ("Khánh Hòa", "tỉnh Khánh Hòa", "056", ()),
    ("Lâm Đồng", "tỉnh Lâm Đồng", "068", _HIGHLANDS),
    ("Đắk Lắk", "tỉnh Đắk Lắk", "066", _HIGHLANDS),
    ("Hồ Chí Minh", "thành phố Hồ Chí Minh", "079", ("Khmer",)),
    ("Đồng Nai", "tỉnh Đồng Nai", "075", ()),
    ("Tây Ninh", "tỉnh Tây Ninh", "072", ("Khmer",)),
    ("Cần Thơ", "thành phố Cần Thơ", "092", ("Khmer",)),
    ("Vĩnh Long", "tỉnh Vĩnh Long", "086", ("Khmer",)),
    ("Đồng Tháp", "tỉnh Đồng Tháp", "087", ()),
    ("Cà Mau", "tỉnh Cà Mau", "096", ("Khmer",)),
    ("An Giang", "tỉnh An Giang", "089", ("Khmer",)),
)
NATION = tuple(
    ProvinceSpec(
        name=name,
        title=title,
        citizen_code=code,
        members=NATIONAL_MEMBERS // len(_PROVINCES),
        composed_districts=14,
        founded_on=dt.date(1976, 1, 1),
        peoples=peoples,
    )
    for name, title, code, peoples in _PROVINCES
)

SCALES = {
    "commune": Scale("commune", (ONE_COMMUNE,), "one district with three communes merged into one in 2025 (about 800 members)"),
    "province": Scale("province", (KON_TUM,), "the province of Kon Tum (about 60,000 members)"),
    "nation": Scale("nation", NATION, "34 provinces, about 5.6 million members (benchmarks only; takes hours)"),
}
