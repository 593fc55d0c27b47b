from pdms.imports.models import ImportKind

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import organizations from a spreadsheet (Mã tổ chức, Tên tổ chức, Loại, Mã cấp trên, Ngày thành lập, Có chi ủy)."
    kind = ImportKind.ORGANIZATIONS
