"""The dossier's state machine, derived from its rule set: which steps may come next.
Pure functions over plain values, so the transition table is tested without a database."""

from .models import State
from .rulesets import Level, RuleSet, Step

# Steps the superior committee may take on a probationary member after the branch has
# voted ``deadlock_votes`` times without a two-thirds majority either way.
DEADLOCK_ACTIONS = ("recognition_decision", "removal_decision")


def available_steps(ruleset: RuleSet, state: str, *, under_committee: bool, failed_recognition_votes: int = 0) -> list[Step]:
    """The steps that may follow ``state``. Committee steps exist only for a branch under a
    grassroots committee; without one, the decision follows the branch resolution."""
    steps = []
    for step in ruleset.steps:
        if step.committee_only and not under_committee:
            continue
        if state not in step.from_states:
            if not (state == State.PROBATION and step.action in DEADLOCK_ACTIONS and failed_recognition_votes >= ruleset.deadlock_votes):
                continue
        if under_committee and _skips_committee(ruleset, step, state):
            continue
        steps.append(step)
    return steps


def _skips_committee(ruleset: RuleSet, step: Step, state: str) -> bool:
    """Under a grassroots committee, a decision may not follow the branch resolution
    directly: the committee's own resolution comes first."""
    committee_steps = [s for s in ruleset.steps if s.committee_only and state in s.from_states]
    return bool(committee_steps) and step.level == Level.SUPERIOR and not step.committee_only and step.vote is None


def next_state(ruleset: RuleSet, state: str, action: str, *, under_committee: bool, failed_recognition_votes: int = 0) -> Step | None:
    """The step ``action`` if it may follow ``state``, else None."""
    for step in available_steps(ruleset, state, under_committee=under_committee, failed_recognition_votes=failed_recognition_votes):
        if step.action == action:
            return step
    return None
