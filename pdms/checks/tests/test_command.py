"""check_consistency: exit codes, table and JSON output."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pdms.checks.services import reported_value_add
from pdms.members.models import Member

D = dt.date


def _call(*args):
    out = StringIO()
    try:
        call_command("check_consistency", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_a_clean_subtree_exits_0(tree):
    code, out = _call("--org", "X01")
    assert code == 0 and out.strip()


def test_findings_exit_1_and_print_as_json(tree):
    dat = tree.members["dat"]
    Member.objects.filter(pk=dat.pk).update(admitted_on=D(2007, 6, 1), recognized_on=D(2008, 6, 1))
    reported_value_add(
        organization=tree.commune_a, indicator_key="members_total", start=D(2022, 1, 1), end=D(2022, 12, 31), as_of=D(2022, 12, 31),
        numerator=195, denominator=304, percent=Decimal("61.67"), source="Báo Kon Tum 17/03/2023", actor=None,
    )
    code, out = _call("--org", "x01", "--from", "01/01/2022", "--to", "31/12/2026", "--as-of", "23/11/2026", "--format", "json")
    assert code == 1
    payload = json.loads(out)
    assert {k: payload[k] for k in ("organization", "as_of", "from", "to", "count")} == {
        "organization": "X01", "as_of": "2026-11-23", "from": "2022-01-01", "to": "2026-11-23", "count": 2,
    }
    assert [f["rule"] for f in payload["findings"]] == ["admitted_under_18", "reported_arithmetic"]
    assert payload["findings"][0]["records"] == [
        {"type": "member", "id": dat.pk, "label": "Trần Quốc Đạt (01/01/1990)", "url": f"/members/{dat.pk}/"}
    ]


def test_findings_print_as_a_table_grouped_by_rule(tree):
    Member.objects.filter(pk=tree.members["dat"].pk).update(admitted_on=D(2007, 6, 1), recognized_on=D(2008, 6, 1))
    code, out = _call("--org", "T01", "--verbosity", "2")
    assert code == 1
    assert "(admitted_under_18)" in out and "Trần Quốc Đạt" in out and f"/members/{tree.members['dat'].pk}/" in out


@pytest.mark.parametrize(
    "args",
    [("--org", "NOPE"), ("--org", "X01", "--as-of", "31/02/2026"), ("--org", "X01", "--from", "01/06/2026", "--to", "01/01/2026")],
)
def test_bad_input_exits_2_with_a_message(tree, args):
    with pytest.raises(CommandError) as error:
        call_command("check_consistency", *args, stdout=StringIO())
    assert error.value.returncode == 2 and str(error.value)
