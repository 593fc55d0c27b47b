import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from pdms.indicators.management.commands.indicators import _number
from pdms.organizations import services as orgs

D = dt.date
# Letters only Vietnamese uses: a message containing one has been translated.
VIETNAMESE_LETTERS = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def run(*args, **options) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out, **options)
    return out.getvalue()


def as_json(*args, **options) -> dict:
    return json.loads(run(*args, format="json", **options))


def assert_vietnamese(message: str, *mentions: str):
    assert VIETNAMESE_LETTERS & set(message.lower()), f"not translated: {message}"
    for mention in mentions:
        assert mention in message


def test_json_gives_the_figures_of_the_organization_as_of_today(tree):
    data = as_json(org="t01")
    assert data["organization"] == "T01" and set(data) == {"organization", "as_of", "from", "to", "indicators"}
    assert (data["as_of"], data["from"], data["to"]) == ("2026-11-23", "2026-01-01", "2026-11-23")
    members = next(i for i in data["indicators"] if i["key"] == "members_total")
    assert set(members) == {"key", "label", "value", "numerator", "denominator", "percent"}
    assert members["value"] == 4 and members["numerator"] is members["denominator"] is members["percent"] is None
    assert_vietnamese(members["label"])


def test_json_lists_only_the_keys_asked_for_in_that_order(tree):
    data = as_json("members_probationary", "members_total", org="X01")
    assert [(i["key"], i["value"]) for i in data["indicators"]] == [("members_probationary", 1), ("members_total", 3)]


def test_json_gives_a_ratio_as_numbers(tree):
    orgs.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2024, 1, 1), actor=None)
    (ratio,) = as_json("branches_with_committee", org="T01")["indicators"]
    assert (ratio["value"], ratio["numerator"], ratio["denominator"], ratio["percent"]) == (33.33, 1, 3, 33.33)


def test_figures_as_of_a_past_date_use_the_records_of_that_date(tree):
    data = as_json("members_total", "admissions", org="T01", as_of="31/12/2024")
    assert (data["as_of"], data["from"], data["to"]) == ("2024-12-31", "2024-01-01", "2024-12-31")
    assert [i["value"] for i in data["indicators"]] == [3, 0]  # Lê Thị Ánh is admitted on 01/12/2025

    data = as_json("admissions", org="T01", as_of="31/12/2025", **{"from": "01/01/2025", "to": "31/12/2025"})
    assert data["indicators"][0]["value"] == 1


def test_the_period_ends_no_later_than_the_as_of_date(tree):
    data = as_json("admissions", org="T01", as_of="30/11/2025", **{"from": "01/01/2025", "to": "31/12/2025"})
    assert (data["from"], data["to"], data["indicators"][0]["value"]) == ("2025-01-01", "2025-11-30", 0)


def test_the_table_aligns_its_columns_and_writes_decimals_with_a_comma(tree):
    orgs.organization_set_committee(organization=tree.branch_a1, has_committee=True, on=D(2024, 1, 1), actor=None)
    labels = [i["label"] for i in as_json("members_total", "branches_with_committee", org="T01")["indicators"]]
    lines = run("members_total", "branches_with_committee", org="T01").splitlines()
    assert len(lines) == 3  # the column headings, then one line per indicator
    members, ratio = lines[1:]
    assert members.startswith("members_total ") and ratio.startswith("branches_with_committee ")
    assert members.index(labels[0]) == ratio.index(labels[1])
    assert members.endswith(" 4") and ratio.split()[-3:] == ["33,33", "1/3", "33,33%"]
    assert len(members) == ratio.index("33,33") + len("33,33"), "values are right-aligned in one column"


def test_figures_are_written_the_vietnamese_way():
    assert (_number(60000), _number(Decimal("33.3")), _number(None)) == ("60.000", "33,30", "")


def test_verbosity_chooses_how_much_the_table_says(tree):
    quiet = run("members_total", org="T01", verbosity=0).splitlines()
    normal = run("members_total", org="T01").splitlines()
    loud = run("members_total", org="T01", verbosity=2).splitlines()
    assert len(quiet) == 1 and quiet[0].startswith("members_total")
    assert len(normal) == 2 and normal[1].split() == quiet[0].split()
    assert len(loud) == 3 and loud[1:] == normal
    assert "Đảng bộ tỉnh Kon Tum (T01)" in loud[0] and "23/11/2026" in loud[0] and "01/01/2026" in loud[0]


def test_each_organization_counts_only_its_own_subtree(tree):
    assert as_json("members_total", org="T02")["indicators"][0]["value"] == 1
    assert as_json("members_total", org="C0101")["indicators"][0]["value"] == 2


@pytest.mark.parametrize(
    "args, options, mentions",
    [
        ((), {"org": "KHONGCO"}, ["KHONGCO"]),
        (("members_total", "khong_co"), {"org": "T01"}, ["khong_co"]),
        ((), {"org": "T01", "as_of": "31/02/2025"}, ["31/02/2025"]),
        ((), {"org": "T01", "from": "2025"}, ["2025"]),
        ((), {"org": "T01", "from": "01/07/2025", "to": "30/06/2025"}, []),
    ],
    ids=["unknown organization", "unknown key", "impossible date", "date without day and month", "from after to"],
)
def test_it_refuses_bad_input_with_a_vietnamese_message(tree, args, options, mentions):
    with pytest.raises(CommandError) as error:
        run(*args, **options)
    assert_vietnamese(str(error.value), *mentions)


def test_a_refusal_exits_with_a_non_zero_status(tree, capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "indicators", "--org", "KHONGCO"]).execute()
    assert exit_.value.code != 0 and "KHONGCO" in capsys.readouterr().err
