"""The engine's breakdown of a figure into parts, through ``sources_by_group``: the parts
add up to the figure, each part narrows the drill-down, and the page and the
``indicators`` command show them."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from pdms.accounts.scope import system_scope
from pdms.indicators.engine import Context, get
from pdms.recruitment.models import SourceGroup
from pdms.recruitment.testing import make_candidate

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(tree):
    make_candidate(tree.branch_a1, "Phan Văn Khoa", group="doan-thanh-nien")
    make_candidate(tree.branch_a1, "Đinh Thị Hoa", sex="female", group="hoi-phu-nu")
    make_candidate(tree.branch_a2, "Lò Thị Mến", sex="female", group="hoi-phu-nu")
    make_candidate(tree.branch_b1, "Y Thị Blum", sex="female", group="giao-vien")


def context(org):
    return Context.build(scope=system_scope(), organization=org, as_of=D(2026, 11, 23))


def test_the_figure_is_the_total_and_its_parts_are_every_group_in_use_in_order(tree, sources):
    ctx = context(tree.commune_a)
    indicator = get("sources_by_group")
    parts = indicator.parts(ctx)
    assert indicator.compute(ctx).value == 3 == get("sources_total").compute(ctx).value
    in_use = SourceGroup.objects.filter(active=True).order_by("position", "name")
    assert [p.key for p in parts] == list(in_use.values_list("code", flat=True))
    assert sum(p.value for p in parts) == 3
    by_key = {p.key: p for p in parts}
    assert (by_key["doan-thanh-nien"].value, by_key["hoi-phu-nu"].value, by_key["giao-vien"].value) == (1, 2, 0)
    assert by_key["hoi-phu-nu"].label == "Hội Phụ nữ"


def test_each_part_is_the_figure_of_the_context_narrowed_to_it(tree, sources):
    ctx = context(tree.province)
    indicator = get("sources_by_group")
    for part in indicator.parts(ctx):
        narrowed = ctx.for_part(part.key)
        assert indicator.compute(narrowed).value == part.value == indicator.records(narrowed).count()
    assert ctx.for_part("hoi-phu-nu").orgs is ctx.orgs
    assert sorted(c.person.full_name for c in indicator.records(ctx.for_part("hoi-phu-nu"))) == ["Lò Thị Mến", "Đinh Thị Hoa"]


def test_a_retired_group_is_listed_only_while_candidates_still_belong_to_it(tree, sources):
    SourceGroup.objects.filter(code__in=["giao-vien", "hoi-phu-nu"]).update(active=False)
    keys = [p.key for p in get("sources_by_group").parts(context(tree.commune_a))]
    assert "hoi-phu-nu" in keys and "giao-vien" not in keys
    assert sum(p.value for p in get("sources_by_group").parts(context(tree.commune_a))) == 3


def test_indicators_without_a_breakdown_have_no_parts_and_ignore_the_part(tree, sources):
    ctx = context(tree.province)
    assert get("sources_total").parts(ctx) == []
    assert get("sources_total").compute(ctx.for_part("hoi-phu-nu")).value == 4


def test_the_drilldown_lists_the_parts_and_one_part_narrows_the_list(client, tree, sources, province_officer):
    client.force_login(province_officer)
    url = reverse("indicators:drilldown", args=[tree.province.pk, "sources_by_group"])
    whole = client.get(url)
    body = whole.content.decode()
    assert whole.context["page"].paginator.count == 4 and [p.value for p in whole.context["parts"] if p.value] == [1, 2, 1]
    assert "part=hoi-phu-nu" in body and "Hội Phụ nữ" in body and "Chi tiết theo nhóm" in body
    one = client.get(url, {"part": "hoi-phu-nu"})
    assert one.context["page"].paginator.count == 2 == one.context["result"].value
    assert "Đinh Thị Hoa" in one.content.decode() and "Phan Văn Khoa" not in one.content.decode()
    assert "part=hoi-phu-nu" in one.context["query"]
    assert client.get(url, {"part": "khong-co"}).status_code == 404
    other = reverse("indicators:drilldown", args=[tree.province.pk, "sources_total"])
    assert client.get(other, {"part": "hoi-phu-nu"}).status_code == 404


def test_the_command_prints_the_parts_under_their_figure(tree, sources):
    out = StringIO()
    call_command("indicators", "sources_by_group", "sources_total", org="X01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("sources_by_group ") and lines[1].endswith(" 3")
    parts = lines[2:-1]
    assert len(parts) == SourceGroup.objects.filter(active=True).count()
    assert any(line.startswith("  hoi-phu-nu") and "Hội Phụ nữ" in line and line.endswith(" 2") for line in parts)
    assert lines[-1].startswith("sources_total ")

    out = StringIO()
    call_command("indicators", "sources_by_group", "sources_total", org="X01", format="json", stdout=out)
    by_group, total = json.loads(out.getvalue())["indicators"]
    assert by_group["value"] == 3 and sum(p["value"] for p in by_group["parts"]) == 3
    assert {"key": "hoi-phu-nu", "label": "Hội Phụ nữ", "value": 2} in by_group["parts"]
    assert "parts" not in total
