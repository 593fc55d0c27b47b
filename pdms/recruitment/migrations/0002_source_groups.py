"""The usual source groups; administrators edit the list afterwards."""

from django.db import migrations

GROUPS = [
    ("doan-thanh-nien", "Đoàn Thanh niên"),
    ("cong-doan", "Công đoàn"),
    ("hoi-phu-nu", "Hội Phụ nữ"),
    ("hoi-nong-dan", "Hội Nông dân"),
    ("hoi-cuu-chien-binh", "Hội Cựu chiến binh"),
    ("dan-quan-tu-ve", "Dân quân tự vệ"),
    ("du-bi-dong-vien", "Dự bị động viên"),
    ("bo-doi-xuat-ngu", "Bộ đội xuất ngũ"),
    ("cong-an-xa", "Công an xã"),
    ("truong-pho-thon", "Trưởng, phó thôn"),
    ("can-bo-thon", "Cán bộ thôn"),
    ("giao-vien", "Giáo viên"),
    ("nhan-vien-y-te", "Nhân viên y tế"),
    ("doanh-nghiep-ngoai-nha-nuoc", "Doanh nghiệp ngoài nhà nước"),
    ("khac", "Khác"),
]


def add_groups(apps, schema_editor):
    SourceGroup = apps.get_model("recruitment", "SourceGroup")
    for position, (code, name) in enumerate(GROUPS, start=1):
        SourceGroup.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def remove_groups(apps, schema_editor):
    apps.get_model("recruitment", "SourceGroup").objects.filter(code__in=[code for code, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_pipeline")]

    operations = [migrations.RunPython(add_groups, remove_groups)]
