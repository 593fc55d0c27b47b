from pdms.imports.models import ImportKind

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import members from a spreadsheet (Họ và tên, Ngày sinh, Giới tính, Số CCCD, Dân tộc, Tôn giáo, Mã tổ chức, "
        "Ngày vào Đảng, Ngày chính thức, Số thẻ đảng viên)."
    )
    kind = ImportKind.MEMBERS
