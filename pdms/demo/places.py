"""Place and unit names for the demo tree: Kon Tum's districts and communes as they stood
before 2025, villages, schools, agencies and enterprises, and a composer of further
Vietnamese-sounding names for larger scales."""

import random
from dataclasses import dataclass

WARD, COMMUNE, TOWNSHIP = "phường", "xã", "thị trấn"
CITY, RURAL_DISTRICT = "thành phố", "huyện"


@dataclass(frozen=True)
class DistrictPlan:
    """A district with its communes (kind, name), in order; the seat comes first."""

    kind: str
    name: str
    communes: tuple[tuple[str, str], ...]
    peoples: tuple[str, ...]
    minority_share: float


def _communes(wards=(), townships=(), communes=()):
    return tuple([(WARD, n) for n in wards] + [(TOWNSHIP, n) for n in townships] + [(COMMUNE, n) for n in communes])


KON_TUM = (
    DistrictPlan(
        CITY,
        "Kon Tum",
        _communes(
            wards=(
                "Quyết Thắng",
                "Quang Trung",
                "Thắng Lợi",
                "Thống Nhất",
                "Duy Tân",
                "Ngô Mây",
                "Lê Lợi",
                "Nguyễn Trãi",
                "Trường Chinh",
                "Trần Hưng Đạo",
            ),
            communes=(
                "Đăk Cấm",
                "Đăk Blà",
                "Ia Chim",
                "Đăk Năng",
                "Đoàn Kết",
                "Chư Hreng",
                "Đăk Rơ Wa",
                "Hòa Bình",
                "Kroong",
                "Ngọk Bay",
                "Vinh Quang",
            ),
        ),
        ("Ba Na",),
        0.2,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Đắk Hà",
        _communes(
            townships=("Đắk Hà",),
            communes=(
                "Hà Mòn",
                "Đăk La",
                "Đăk Mar",
                "Đăk Hring",
                "Ngọk Wang",
                "Ngọk Réo",
                "Đăk Ui",
                "Đăk Pxi",
                "Đăk Long",
                "Đăk Ngọk",
            ),
        ),
        ("Xơ Đăng", "Ba Na"),
        0.4,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Đắk Tô",
        _communes(
            townships=("Đắk Tô",),
            communes=("Diên Bình", "Tân Cảnh", "Kon Đào", "Ngọk Tụ", "Pô Kô", "Văn Lem", "Đăk Rơ Nga", "Đăk Trăm"),
        ),
        ("Xơ Đăng",),
        0.5,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Ngọc Hồi",
        _communes(
            townships=("Plei Kần",),
            communes=("Bờ Y", "Đăk Ang", "Đăk Dục", "Đăk Kan", "Đăk Nông", "Sa Loong"),
        ),
        ("Giẻ Triêng", "Brâu"),
        0.5,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Đắk Glei",
        _communes(
            townships=("Đắk Glei",),
            communes=(
                "Đăk Choong",
                "Đăk Kroong",
                "Đăk Long",
                "Đăk Man",
                "Đăk Môn",
                "Đăk Nhoong",
                "Đăk Pék",
                "Mường Hoong",
                "Ngọc Linh",
                "Xốp",
            ),
        ),
        ("Giẻ Triêng", "Xơ Đăng"),
        0.7,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Sa Thầy",
        _communes(
            townships=("Sa Thầy",),
            communes=(
                "Sa Nhơn",
                "Sa Nghĩa",
                "Sa Bình",
                "Sa Sơn",
                "Hơ Moong",
                "Mô Rai",
                "Rờ Kơi",
                "Ya Ly",
                "Ya Tăng",
                "Ya Xiêr",
                "Ia Tơi",
                "Ia Dom",
                "Ia Đal",
            ),
        ),
        ("Gia Rai", "Rơ Măm"),
        0.5,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Kon Rẫy",
        _communes(
            townships=("Đăk Rve",),
            communes=("Tân Lập", "Đăk Kôi", "Đăk Pne", "Đăk Ruồng", "Đăk Tơ Lung", "Đăk Tờ Re"),
        ),
        ("Ba Na", "Xơ Đăng"),
        0.6,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Kon Plông",
        _communes(
            townships=("Măng Đen",),
            communes=("Hiếu", "Đăk Long", "Đăk Nên", "Đăk Ring", "Đăk Tăng", "Măng Bút", "Măng Cành", "Ngọk Tem", "Pờ Ê"),
        ),
        ("Xơ Đăng",),
        0.75,
    ),
    DistrictPlan(
        RURAL_DISTRICT,
        "Tu Mơ Rông",
        _communes(
            communes=(
                "Đăk Hà",
                "Đăk Na",
                "Đăk Rơ Ông",
                "Đăk Sao",
                "Đăk Tờ Kan",
                "Măng Ri",
                "Ngọk Lây",
                "Ngọk Yêu",
                "Tê Xăng",
                "Tu Mơ Rông",
                "Văn Xuôi",
            ),
        ),
        ("Xơ Đăng",),
        0.85,
    ),
)
# In 2015 the district of Ia H'Drai was founded; these communes of Sa Thầy moved under it.
NEW_DISTRICT_2015 = ("Ia H'Drai", "Sa Thầy", ("Ia Tơi", "Ia Dom", "Ia Đal"))

HIGHLAND_PREFIXES = ("Kon", "Đăk", "Plei", "Ngọk", "Măng", "Kon Rờ", "Đăk Rơ")
HIGHLAND_ENDINGS = (
    "Klor",
    "Hring",
    "Mơ Nay",
    "Bàng",
    "Jri",
    "Tu",
    "Ri",
    "Xế",
    "Kia",
    "Rang",
    "Brông",
    "Gung",
    "Rưng",
    "Lung",
    "Tum",
    "Sút",
    "Wơk",
    "Ktu",
    "Drăm",
    "Kơ Xia",
    "Mo",
    "Kên",
    "Trăng",
    "Pleng",
    "Yên",
    "Ho",
    "Tơ Pang",
    "Krông",
    "Jơ Dri",
    "Rơ Wang",
    "Bla",
    "Rao",
    "Roong",
    "Tiêng",
    "Chờ",
    "Kưn",
    "Lấp",
    "Búk",
)
KINH_SYLLABLES = (
    "An",
    "Bình",
    "Hòa",
    "Tân",
    "Phú",
    "Thành",
    "Long",
    "Phước",
    "Thạnh",
    "Mỹ",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hưng",
    "Thịnh",
    "Lợi",
    "Đức",
    "Lộc",
    "Quang",
    "Minh",
    "Sơn",
    "Hải",
    "Hà",
    "Xuân",
    "Thủy",
    "Vĩnh",
    "Phong",
    "Nghĩa",
    "Thuận",
    "Hiệp",
    "Khánh",
    "Lập",
    "Tiến",
    "Thắng",
    "Kết",
    "Hợp",
    "Cường",
    "Yên",
)
HEROES = (
    "Nguyễn Trãi",
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Phan Bội Châu",
    "Ngô Mây",
    "Kpă Klơng",
    "A Dừa",
    "Lý Tự Trọng",
    "Võ Thị Sáu",
    "Nguyễn Văn Trỗi",
    "Chu Văn An",
    "Lương Thế Vinh",
    "Phan Chu Trinh",
    "Huỳnh Thúc Kháng",
    "Trần Quốc Toản",
    "Kim Đồng",
    "Nguyễn Huệ",
    "Quang Trung",
    "Hùng Vương",
    "Duy Tân",
)

DISTRICT_OFFICES = (
    "Chi bộ Cơ quan Đảng - Mặt trận - Đoàn thể {d}",
    "Chi bộ Phòng Giáo dục và Đào tạo {d}",
    "Chi bộ Kho bạc Nhà nước {d}",
    "Chi bộ Ngân hàng Chính sách xã hội {d}",
    "Chi bộ Bảo hiểm xã hội {d}",
    "Chi bộ Tòa án nhân dân {d}",
    "Chi bộ Viện Kiểm sát nhân dân {d}",
    "Chi bộ Chi cục Thi hành án dân sự {d}",
    "Chi bộ Hạt Kiểm lâm {d}",
    "Chi bộ Trung tâm Văn hóa - Thể thao {d}",
    "Chi bộ Ban Quản lý dự án đầu tư xây dựng {d}",
)
DISTRICT_TAX = "Chi bộ Chi cục Thuế {d}"
DISTRICT_ENTERPRISES = (
    "Chi bộ Công ty TNHH MTV Lâm nghiệp {n}",
    "Chi bộ Công ty Cổ phần Cà phê {n}",
    "Chi bộ Điện lực {n}",
    "Chi bộ Bưu điện {d}",
    "Chi bộ Công ty Cổ phần Thủy điện {n}",
    "Chi bộ Nông trường Cao su {n}",
)
GOVERNMENT_BRANCHES = (
    "Chi bộ Văn phòng HĐND và UBND",
    "Chi bộ Phòng Tài chính - Kế hoạch",
    "Chi bộ Phòng Nội vụ",
    "Chi bộ Phòng Nông nghiệp và PTNT",
    "Chi bộ Phòng Tài nguyên và Môi trường",
    "Chi bộ Phòng Kinh tế - Hạ tầng",
    "Chi bộ Phòng Lao động - Thương binh và Xã hội",
    "Chi bộ Phòng Văn hóa - Thông tin",
)
DISTRICT_POLICE_BRANCHES = (
    "Chi bộ Đội An ninh",
    "Chi bộ Đội Cảnh sát hình sự",
    "Chi bộ Đội Cảnh sát giao thông - trật tự",
    "Chi bộ Đội Tham mưu - Tổng hợp",
    "Chi bộ Đội Cảnh sát quản lý hành chính",
)
DISTRICT_MILITARY_BRANCHES = ("Chi bộ Cơ quan Quân sự", "Chi bộ Đại đội dân quân cơ động")
HEALTH_CENTRE_BRANCHES = ("Chi bộ Khoa Nội", "Chi bộ Khoa Ngoại - Sản", "Chi bộ Khoa Khám bệnh", "Chi bộ Y tế dự phòng")

# Units directly under the province. (name, profile, branches under it or () for a grassroots branch)
PARTY_ORGANS = (
    "Chi bộ Văn phòng Tỉnh ủy",
    "Chi bộ Ban Tổ chức Tỉnh ủy",
    "Chi bộ Ban Tuyên giáo Tỉnh ủy",
    "Chi bộ Ủy ban Kiểm tra Tỉnh ủy",
    "Chi bộ Ban Dân vận Tỉnh ủy",
    "Chi bộ Ban Nội chính Tỉnh ủy",
    "Chi bộ Báo {p}",
    "Chi bộ Trường Chính trị tỉnh",
    "Chi bộ Ủy ban MTTQ Việt Nam tỉnh",
    "Chi bộ Tỉnh Đoàn",
    "Chi bộ Hội Liên hiệp Phụ nữ tỉnh",
    "Chi bộ Hội Nông dân tỉnh",
    "Chi bộ Hội Cựu chiến binh tỉnh",
    "Chi bộ Liên đoàn Lao động tỉnh",
    "Chi bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Chi bộ Tòa án nhân dân tỉnh",
    "Chi bộ Viện Kiểm sát nhân dân tỉnh",
)
# Departments; the keys name those merged or renamed on 01/03/2025.
DEPARTMENTS = {
    "office": "Chi bộ Văn phòng UBND tỉnh",
    "home": "Chi bộ Sở Nội vụ",
    "justice": "Chi bộ Sở Tư pháp",
    "planning": "Chi bộ Sở Kế hoạch và Đầu tư",
    "finance": "Chi bộ Sở Tài chính",
    "trade": "Chi bộ Sở Công Thương",
    "transport": "Chi bộ Sở Giao thông vận tải",
    "construction": "Chi bộ Sở Xây dựng",
    "environment": "Chi bộ Sở Tài nguyên và Môi trường",
    "agriculture": "Chi bộ Sở Nông nghiệp và PTNT",
    "media": "Chi bộ Sở Thông tin và Truyền thông",
    "labour": "Chi bộ Sở Lao động - Thương binh và Xã hội",
    "culture": "Chi bộ Sở Văn hóa, Thể thao và Du lịch",
    "science": "Chi bộ Sở Khoa học và Công nghệ",
    "inspection": "Chi bộ Thanh tra tỉnh",
    "ethnic": "Chi bộ Ban Dân tộc tỉnh",
    "broadcast": "Chi bộ Đài Phát thanh và Truyền hình tỉnh",
    "treasury": "Chi bộ Kho bạc Nhà nước tỉnh",
    "tax": "Chi bộ Cục Thuế tỉnh",
    "insurance": "Chi bộ Bảo hiểm xã hội tỉnh",
    "statistics": "Chi bộ Cục Thống kê tỉnh",
}
# 01/03/2025: (merged away, kept) — the first is merged into the second.
DEPARTMENT_MERGERS = (("planning", "finance"), ("transport", "construction"), ("labour", "home"), ("media", "science"))
DEPARTMENT_NEW = (("environment", "agriculture"), "Chi bộ Sở Nông nghiệp và Môi trường")
DEPARTMENT_RENAME = ("ethnic", "Chi bộ Sở Dân tộc và Tôn giáo")

PROVINCIAL_COMMITTEES = {
    "health": (
        "Đảng bộ Sở Y tế",
        "health",
        ("Chi bộ Văn phòng Sở", "Chi bộ Trung tâm Kiểm soát bệnh tật", "Chi bộ Chi cục Dân số", "Chi bộ Trung tâm Pháp y"),
    ),
    "hospital": (
        "Đảng bộ Bệnh viện Đa khoa tỉnh",
        "health",
        (
            "Chi bộ Khoa Nội",
            "Chi bộ Khoa Ngoại",
            "Chi bộ Khoa Sản",
            "Chi bộ Khoa Nhi",
            "Chi bộ Khoa Hồi sức cấp cứu",
            "Chi bộ Khoa Khám bệnh",
            "Chi bộ Phòng Kế hoạch tổng hợp",
        ),
    ),
    "education": (
        "Đảng bộ Sở Giáo dục và Đào tạo",
        "school",
        (
            "Chi bộ Văn phòng Sở",
            "Chi bộ Trường THPT chuyên Nguyễn Tất Thành",
            "Chi bộ Trường THPT Kon Tum",
            "Chi bộ Trường THPT Duy Tân",
            "Chi bộ Trường PTDTNT tỉnh",
            "Chi bộ Trường THPT Lê Lợi",
        ),
    ),
    "college": (
        "Đảng bộ Trường Cao đẳng Cộng đồng",
        "school",
        ("Chi bộ Khoa Sư phạm", "Chi bộ Khoa Kinh tế - Kỹ thuật", "Chi bộ Khoa Y", "Chi bộ Phòng ban"),
    ),
}
ENTERPRISE_COMMITTEES = (
    (
        "Đảng bộ Công ty TNHH MTV Cao su {p}",
        (
            "Chi bộ Văn phòng Công ty",
            "Chi bộ Nông trường Cao su Đăk Hà",
            "Chi bộ Nông trường Cao su Sa Thầy",
            "Chi bộ Nông trường Cao su Ngọc Hồi",
        ),
    ),
    (
        "Đảng bộ Công ty Điện lực {p}",
        ("Chi bộ Văn phòng Công ty", "Chi bộ Điện lực thành phố", "Chi bộ Điện lực phía Bắc", "Chi bộ Điện lực phía Nam"),
    ),
)
ENTERPRISE_BRANCHES = (
    "Chi bộ Ngân hàng TMCP Ngoại thương chi nhánh {p}",
    "Chi bộ Ngân hàng TMCP Đầu tư và Phát triển chi nhánh {p}",
    "Chi bộ Ngân hàng TMCP Công Thương chi nhánh {p}",
    "Chi bộ Ngân hàng Nông nghiệp và PTNT chi nhánh tỉnh",
    "Chi bộ Bưu điện tỉnh",
    "Chi bộ Viễn thông {p}",
    "Chi bộ Viettel {p}",
    "Chi bộ Công ty Cổ phần Cấp nước {p}",
    "Chi bộ Công ty Cổ phần Môi trường đô thị {p}",
    "Chi bộ Công ty Xổ số kiến thiết {p}",
)
MILITARY = (
    (
        "Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh",
        ("Chi bộ Phòng Tham mưu", "Chi bộ Phòng Chính trị", "Chi bộ Phòng Hậu cần - Kỹ thuật", "Chi bộ Văn phòng"),
    ),
    (
        "Đảng bộ Trung đoàn bộ binh",
        (
            "Chi bộ Tiểu đoàn 1",
            "Chi bộ Tiểu đoàn 2",
            "Chi bộ Tiểu đoàn 3",
            "Chi bộ Đại đội Trinh sát",
            "Chi bộ Đại đội Thông tin",
        ),
    ),
    ("Chi bộ Trường Quân sự tỉnh", ()),
    ("Chi bộ Đại đội Công binh", ()),
)
BORDER = (
    (
        "Đảng bộ Cơ quan Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        ("Chi bộ Phòng Tham mưu", "Chi bộ Phòng Chính trị", "Chi bộ Phòng Hậu cần - Kỹ thuật"),
    ),
    ("Chi bộ Đồn Biên phòng Bờ Y", ()),
    ("Chi bộ Đồn Biên phòng Đăk Long", ()),
    ("Chi bộ Đồn Biên phòng Đăk Nhoong", ()),
    ("Chi bộ Đồn Biên phòng Sa Loong", ()),
    ("Chi bộ Đồn Biên phòng Mô Rai", ()),
    ("Chi bộ Đồn Biên phòng Ia Đal", ()),
)
POLICE = (
    ("Đảng bộ Phòng Cảnh sát giao thông", ("Chi bộ Đội Tham mưu", "Chi bộ Đội Tuần tra kiểm soát", "Chi bộ Đội Đăng ký xe")),
    (
        "Đảng bộ Phòng Cảnh sát cơ động",
        ("Chi bộ Đội Cảnh sát cơ động 1", "Chi bộ Đội Cảnh sát cơ động 2", "Chi bộ Đội Cảnh sát đặc nhiệm"),
    ),
    (
        "Đảng bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        ("Chi bộ Đội Chữa cháy khu vực 1", "Chi bộ Đội Chữa cháy khu vực 2", "Chi bộ Đội Tham mưu"),
    ),
    ("Đảng bộ Phòng Cảnh sát hình sự", ("Chi bộ Đội 1", "Chi bộ Đội 2", "Chi bộ Đội Tổng hợp")),
    ("Chi bộ Phòng Tham mưu", ()),
    ("Chi bộ Phòng Tổ chức cán bộ", ()),
    ("Chi bộ Phòng An ninh chính trị nội bộ", ()),
    ("Chi bộ Phòng An ninh kinh tế", ()),
    ("Chi bộ Phòng Hậu cần", ()),
    ("Chi bộ Trại tạm giam", ()),
    ("Chi bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội", ()),
)

# Where members transferred out of the province went.
ELSEWHERE = (
    "Đảng bộ tỉnh Gia Lai",
    "Đảng bộ tỉnh Quảng Ngãi",
    "Đảng bộ tỉnh Đắk Lắk",
    "Đảng bộ thành phố Đà Nẵng",
    "Đảng bộ tỉnh Bình Định",
    "Đảng bộ thành phố Hồ Chí Minh",
    "Đảng bộ Quân khu 5",
    "Đảng bộ tỉnh Nghệ An",
)
STUDY_HOSTS = (
    "Học viện Chính trị khu vực III",
    "Trường Đại học Tây Nguyên",
    "Trường Đại học Đà Nẵng",
    "Học viện Chính trị quốc gia Hồ Chí Minh",
)


class Composer:
    """Further place names for scales beyond Kon Tum. Names are unique within the set of
    used names given (a commune's villages), or else within the whole province."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, make, used: set[str] | None) -> str:
        used = self.used if used is None else used
        name = make()
        for attempt in range(1, 200):
            if name not in used:
                break
            name = make() if attempt < 100 else f"{make()} {attempt - 98}"
        used.add(name)
        return name

    def kinh(self, used: set[str] | None = None) -> str:
        return self._fresh(lambda: " ".join(self.rng.sample(KINH_SYLLABLES, 2)), used)

    def highland(self, used: set[str] | None = None) -> str:
        return self._fresh(lambda: f"{self.rng.choice(HIGHLAND_PREFIXES)} {self.rng.choice(HIGHLAND_ENDINGS)}", used)
