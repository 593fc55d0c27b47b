"""The pipeline board: one column per stage from the source list to recognition, each
person in exactly one, counted through the indicators; filters; what is due or overdue
this month; and the scope (a secretary sees their branch, an outsider nothing of T01)."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from pdms.accounts.scope import Scope
from pdms.indicators.engine import Context, get
from pdms.recruitment.selectors.board import STAGE_KEYS, Filters, pipeline_board
from pdms.recruitment.testing import make_candidate
from pdms.workdays.calendar import workdays_between

from .test_indicators_recruitment import build_pipeline

D = dt.date
pytestmark = pytest.mark.django_db
BOARD = reverse("recruitment:board")


@pytest.fixture
def pipeline(tree, branch_members, sponsors):
    return build_pipeline(tree, sponsors)


def stages(response) -> dict:
    return {stage.key: stage for stage in response.context["board"].stages}


def people(stage) -> list[str]:
    return sorted(row.name for row in stage.rows)


def figure(key, org, user, as_of=D(2026, 11, 23)):
    return get(key).compute(Context.build(scope=Scope.of(user), organization=org, as_of=as_of)).value


def test_every_person_stands_in_one_stage(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    by_stage = stages(client.get(BOARD, {"org": tree.branch_a1.pk}))
    assert list(by_stage) == STAGE_KEYS
    assert {key: people(stage) for key, stage in by_stage.items()} == {
        "sources": ["Phan Văn Khoa"],
        "certified": ["Đinh Thị Hoa"],
        "preparing": ["Hà Văn Long"],
        "branch_resolved": ["Nguyễn Thị Mai"],
        "committee_resolved": ["Trịnh Văn Sơn"],
        "admitted": sorted(["Lê Thị Ánh", "Lò Văn Tâm"]),
        "probation": ["Lê Thị Vy"],
        "recognition": ["Bùi Văn Quân"],
        "recognized": ["Mạc Thị Ngọc"],
    }


@pytest.mark.parametrize("as_of", [D(2026, 11, 23), D(2026, 5, 19), D(2025, 12, 31)])
def test_the_counts_on_the_board_equal_the_indicators(client, pipeline, tree, province_officer, as_of):
    client.force_login(province_officer)
    for org in (tree.province, tree.commune_a, tree.branch_a1):
        response = client.get(BOARD, {"org": org.pk, "as_of": as_of.strftime("%d/%m/%Y")})
        count = {key: stage.count for key, stage in stages(response).items()}

        def value(key):
            return figure(key, org, province_officer, as_of)

        in_progress = value("dossiers_in_progress")
        assert count["sources"] + count["certified"] + in_progress == value("sources_total"), org.code
        assert count["preparing"] + count["branch_resolved"] + count["committee_resolved"] == in_progress, org.code
        assert count["admitted"] + count["probation"] + count["recognition"] == value("members_probationary"), org.code
        assert count["recognition"] == value("probationary_due_for_recognition"), org.code
        assert count["recognized"] == value("recognitions"), org.code


def test_each_person_shows_their_branch_and_the_days_in_the_stage(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    response = client.get(BOARD)  # the province officer's own organization
    assert response.context["organization"] == tree.province
    (long,) = stages(response)["preparing"].rows
    assert (long.organization_name, long.since, long.days) == ("Chi bộ thôn 1", D(2026, 3, 2), 266)
    (hoa,) = stages(response)["certified"].rows
    assert (hoa.since, hoa.days) == (D(2026, 6, 1), 175)
    (quan,) = stages(response)["recognition"].rows
    assert (quan.since, quan.dossier_id) == (D(2026, 5, 19), pipeline.quan.pk)
    body = response.content.decode()
    for name in ("Phan Văn Khoa", "Hà Văn Long", "Bùi Văn Quân", "Lê Thị Ánh"):
        assert name in body
    assert reverse("members:detail", args=[tree.members["anh"].pk]) in body
    assert reverse("recruitment:dossier_detail", kwargs={"dossier_id": pipeline.long.pk}) in body
    assert reverse("recruitment:candidate_detail", kwargs={"candidate_id": pipeline.khoa.pk}) in body
    assert reverse("recruitment:dossier_detail", kwargs={"dossier_id": pipeline.quan.pk}) in body


def test_the_drilldown_of_a_stage_that_is_an_indicator_is_linked(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    body = client.get(BOARD, {"org": tree.branch_a1.pk}).content.decode()
    assert reverse("indicators:drilldown", args=[tree.branch_a1.pk, "probationary_due_for_recognition"]) in body
    assert reverse("indicators:drilldown", args=[tree.branch_a1.pk, "dossiers_overdue"]) in body


def test_the_board_on_an_earlier_day_puts_people_where_they_stood_then(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    by_stage = stages(client.get(BOARD, {"org": tree.branch_a1.pk, "as_of": "05/06/2026"}))
    assert people(by_stage["sources"]) == ["Phan Văn Khoa"]
    assert people(by_stage["certified"]) == ["Đinh Thị Hoa"]  # her certificate is dated 01/06/2026
    assert people(by_stage["preparing"]) == sorted(["Hà Văn Long", "Nguyễn Thị Mai", "Lò Văn Tâm"])
    assert people(by_stage["branch_resolved"]) == ["Trịnh Văn Sơn"]  # the committee voted on 10/06/2026
    assert people(by_stage["committee_resolved"]) == []
    assert people(by_stage["probation"]) == ["Lê Thị Vy"]
    assert people(by_stage["recognition"]) == ["Bùi Văn Quân"]


def test_a_secretary_sees_only_their_branch(client, pipeline, tree, secretary):
    make_candidate(tree.branch_a2, "Vũ Văn Tuấn")
    client.force_login(secretary)
    response = client.get(BOARD)
    assert response.context["organization"] == tree.branch_a1
    body = response.content.decode()
    assert "Phan Văn Khoa" in body and "Vũ Văn Tuấn" not in body
    assert response.context["parent"] is None and list(response.context["children"]) == []
    for org in (tree.branch_a2, tree.commune_a, tree.province, tree.other_branch):
        assert client.get(BOARD, {"org": org.pk}).status_code == 404


def test_a_commune_officer_moves_between_their_branches(client, pipeline, tree, commune_officer):
    make_candidate(tree.branch_a2, "Vũ Văn Tuấn")
    client.force_login(commune_officer)
    response = client.get(BOARD)
    assert response.context["organization"] == tree.commune_a
    assert [child.organization for child in response.context["children"]] == [tree.branch_a1, tree.branch_a2]
    assert stages(response)["sources"].count == 2
    branch = client.get(BOARD, {"org": tree.branch_a2.pk})
    assert people(stages(branch)["sources"]) == ["Vũ Văn Tuấn"]
    assert branch.context["parent"] == tree.commune_a
    assert client.get(BOARD, {"org": tree.commune_b.pk}).status_code == 404


def test_an_outsider_sees_nothing_of_t01(client, pipeline, tree, outsider):
    client.force_login(outsider)
    for org in (tree.province, tree.commune_a, tree.branch_a1):
        assert client.get(BOARD, {"org": org.pk}).status_code == 404
    response = client.get(BOARD)
    assert response.context["organization"] == tree.other_province
    assert all(stage.count == 0 for stage in response.context["board"].stages)
    body = response.content.decode()
    for name in ("Phan Văn Khoa", "Bùi Văn Quân", "Chi bộ thôn 1", "Trịnh Văn Sơn"):
        assert name not in body


def test_the_board_can_be_narrowed_to_a_source_group_and_a_focus_group(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    women = stages(client.get(BOARD, {"org": tree.branch_a1.pk, "group": "hoi-phu-nu"}))
    assert {key: people(stage) for key, stage in women.items() if stage.count} == {"certified": ["Đinh Thị Hoa"]}
    ethnic = stages(client.get(BOARD, {"org": tree.branch_a1.pk, "focus": "ethnic_minority"}))
    assert {key: people(stage) for key, stage in ethnic.items() if stage.count} == {"certified": ["Đinh Thị Hoa"]}
    youth = stages(client.get(BOARD, {"org": tree.branch_a1.pk, "group": "doan-thanh-nien"}))
    # Members registered without a source-list entry (Lê Thị Ánh) drop out under a filter.
    assert people(youth["admitted"]) == ["Lò Văn Tâm"]
    assert youth["recognized"].count == 1 and youth["preparing"].count == 1
    unknown = client.get(BOARD, {"org": tree.branch_a1.pk, "group": "khong-co", "focus": "khong-co"})
    assert unknown.context["filters"] == Filters() and stages(unknown)["admitted"].count == 2


def test_the_box_lists_overdue_deadlines_and_those_due_later_this_month(client, pipeline, tree, province_officer):
    client.force_login(province_officer)
    board = client.get(BOARD, {"org": tree.branch_a1.pk}).context["board"]
    assert sorted(row.name for row in board.overdue) == sorted(["Trịnh Văn Sơn", "Bùi Văn Quân"])
    assert len(board.overdue) == figure("dossiers_overdue", tree.branch_a1, province_officer)
    assert all(row.overdue and row.workdays < 0 for row in board.overdue)
    (tam,) = board.due_this_month
    left = workdays_between(D(2026, 11, 23), D(2026, 11, 27))
    assert (tam.name, tam.due_on, tam.workdays, tam.overdue) == ("Lò Văn Tâm", D(2026, 11, 27), left, False)
    assert tam.dossier_id == pipeline.tam.pk
    # In December Tâm's ceremony is overdue, and Mai's decision (60 working days from her
    # branch's resolution of 01/10/2026) falls due.
    december = client.get(BOARD, {"org": tree.branch_a1.pk, "as_of": "01/12/2026"}).context["board"]
    assert "Lò Văn Tâm" in [row.name for row in december.overdue]
    assert [row.name for row in december.due_this_month] == ["Nguyễn Thị Mai"]


def test_one_stage_is_listed_in_full_page_by_page(client, tree, province_officer):
    for i in range(55):
        make_candidate(tree.branch_a2, f"Hoàng Văn Dũng {i:02d}", added=D(2026, 1, 1))
    client.force_login(province_officer)
    board = client.get(BOARD, {"org": tree.commune_a.pk})
    (sources,) = [stage for stage in board.context["board"].stages if stage.key == "sources"]
    assert sources.count == 55 and len(sources.rows) == 20
    assert "stage=sources" in board.content.decode()
    first = client.get(BOARD, {"org": tree.commune_a.pk, "stage": "sources"})
    assert first.context["page"].paginator.count == 55 and len(first.context["rows"]) == 50
    second = client.get(BOARD, {"org": tree.commune_a.pk, "stage": "sources", "page": 2})
    assert [row.name for row in second.context["rows"]] == ["Hoàng Văn Dũng 50", "Hoàng Văn Dũng 51", "Hoàng Văn Dũng 52",
                                                              "Hoàng Văn Dũng 53", "Hoàng Văn Dũng 54"]
    assert second.context["rows"][0].days == 326


def test_a_stage_list_header_writes_thousands_with_dots(client, tree, province_officer, monkeypatch):
    make_candidate(tree.branch_a2, "Hoàng Văn Dũng", added=D(2026, 1, 1))
    monkeypatch.setattr(Paginator, "count", 60216)
    client.force_login(province_officer)
    body = client.get(BOARD, {"org": tree.commune_a.pk, "stage": "sources", "as_of": "23/11/2026"}).content.decode()
    assert "60.216 người tại ngày 23/11/2026" in body


def test_the_board_only_reads(client, tree, province_officer):
    client.force_login(province_officer)
    assert client.post(BOARD).status_code == 405


def test_a_committee_board_counts_every_branch_of_the_committee(pipeline, tree, commune_officer):
    make_candidate(tree.branch_a2, "Vũ Văn Tuấn")
    board = pipeline_board(Scope.of(commune_officer), tree.commune_a, D(2026, 11, 23), Filters())
    assert [stage.count for stage in board.stages] == [2, 1, 1, 1, 1, 2, 1, 1, 1]
