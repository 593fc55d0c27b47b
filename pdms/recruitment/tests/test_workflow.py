"""The transition table derived from the rule sets, without a database."""

import pytest

from pdms.recruitment.models import State
from pdms.recruitment.rulesets import RULESETS, get_ruleset
from pdms.recruitment.workflow import available_steps, next_state


def actions(state, *, under_committee=True, failed=0, code="2025"):
    return [s.action for s in available_steps(get_ruleset(code), state, under_committee=under_committee, failed_recognition_votes=failed)]


@pytest.mark.parametrize("code", [r.code for r in RULESETS])
def test_the_admission_path_under_a_grassroots_committee(code):
    assert actions(State.PREPARING, code=code) == ["branch_resolution", "close"]
    assert actions(State.BRANCH_RESOLVED, code=code) == ["committee_resolution", "close"]
    assert actions(State.COMMITTEE_RESOLVED, code=code) == ["admission_decision", "close"]
    assert actions(State.ADMITTED, code=code) == ["ceremony"]
    assert actions(State.PROBATION, code=code) == ["recognition_resolution"]
    assert actions(State.RECOGNITION_BRANCH_RESOLVED, code=code) == ["recognition_committee_resolution"]
    assert actions(State.RECOGNITION_COMMITTEE_RESOLVED, code=code) == ["recognition_decision"]
    assert actions(State.REMOVAL_PROPOSED, code=code) == ["removal_decision"]


def test_a_grassroots_branch_has_no_committee_steps():
    assert actions(State.BRANCH_RESOLVED, under_committee=False) == ["admission_decision", "close"]
    assert actions(State.RECOGNITION_BRANCH_RESOLVED, under_committee=False) == ["recognition_decision"]
    assert "committee_resolution" not in actions(State.BRANCH_RESOLVED, under_committee=False)


def test_final_states_have_no_next_step():
    for state in (State.RECOGNIZED, State.NOT_RECOGNIZED, State.CLOSED):
        assert actions(state) == [] and actions(state, under_committee=False) == []


def test_three_undecided_recognition_votes_let_the_superior_decide():
    assert actions(State.PROBATION, failed=2) == ["recognition_resolution"]
    assert actions(State.PROBATION, failed=3) == ["recognition_resolution", "recognition_decision", "removal_decision"]


def test_every_step_leads_to_a_known_state_and_every_state_but_the_first_is_reachable():
    for ruleset in RULESETS:
        targets = {step.to_state for step in ruleset.steps}
        assert targets <= set(State.values)
        assert set(State.values) - targets == {State.PREPARING, State.REMOVAL_PROPOSED}


def test_next_state_refuses_a_step_out_of_order():
    ruleset = get_ruleset("2025")
    assert next_state(ruleset, State.PREPARING, "admission_decision", under_committee=True) is None
    assert next_state(ruleset, State.PREPARING, "branch_resolution", under_committee=True).to_state == State.BRANCH_RESOLVED
