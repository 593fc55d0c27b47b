"""Rule sets are dated data: the one in force on a date judges a dossier, and a new
version changes behaviour without touching the workflow."""

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest

from pdms.core.errors import DomainError
from pdms.recruitment import rulesets
from pdms.recruitment.models import State
from pdms.recruitment.rulesets import RULESETS, get_ruleset, ruleset_for
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import ready_dossier

D = dt.date


def test_the_rule_set_in_force_is_chosen_by_date():
    assert ruleset_for(D(2021, 7, 30)).code == "2021"
    assert ruleset_for(D(2025, 6, 30)).code == "2021"
    assert ruleset_for(D(2025, 7, 1)).code == "2025"
    assert ruleset_for(D(2026, 11, 23)).code == "2025"


def test_a_date_before_any_rule_set_is_refused_with_the_date():
    with pytest.raises(DomainError, match="29/07/2021"):
        ruleset_for(D(2021, 7, 29))


def test_the_versions_follow_each_other_without_gap_or_overlap():
    for earlier, later in zip(RULESETS, RULESETS[1:]):
        assert earlier.effective_to + dt.timedelta(days=1) == later.effective_from
    assert RULESETS[-1].effective_to is None


def test_each_version_cites_its_own_regulations():
    assert "24-QĐ/TW" in str(get_ruleset("2021").basis[0]) and "01-HD/TW" in str(get_ruleset("2021").basis[1])
    assert "294-QĐ/TW" in str(get_ruleset("2025").basis[0]) and "06-HD/TW" in str(get_ruleset("2025").basis[1])


def test_the_thresholds_and_deadlines_of_the_regulations():
    for ruleset in RULESETS:
        assert ruleset.vote_threshold == Fraction(2, 3)
        assert ruleset.deadline("admission_decision").workdays == 60 and ruleset.deadline("admission_decision").extension_workdays == 30
        assert ruleset.deadline("ceremony").workdays == 30
        assert ruleset.certificate_validity_months == 60 and ruleset.probation_months == 12


@pytest.mark.django_db
def test_a_new_version_changes_the_threshold_without_touching_the_workflow(monkeypatch, candidate, sponsors):
    stricter = dataclasses.replace(get_ruleset("2025"), code="2027", vote_threshold=Fraction(3, 4), effective_from=D(2026, 1, 1))
    monkeypatch.setattr(rulesets, "RULESETS", [get_ruleset("2021"), dataclasses.replace(get_ruleset("2025"), effective_to=D(2025, 12, 31)), stricter])
    dossier = ready_dossier(candidate, sponsors, opened=D(2026, 3, 2))
    assert dossier.ruleset == "2027"
    # Two of three is two thirds, enough under 2025 but not under three quarters.
    outcome = dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 2, 1))
    assert not outcome.advanced and outcome.vote.threshold_numerator == 3 and outcome.vote.threshold_denominator == 4
    assert outcome.dossier.state == State.PREPARING


@pytest.mark.django_db
def test_a_dossier_keeps_the_rules_of_its_time_when_a_new_version_arrives(monkeypatch, candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors, opened=D(2025, 3, 3), certificate_on=D(2024, 12, 1))
    stricter = dataclasses.replace(get_ruleset("2025"), code="2027", vote_threshold=Fraction(3, 4), effective_from=D(2026, 1, 1))
    monkeypatch.setattr(rulesets, "RULESETS", [*RULESETS[:-1], dataclasses.replace(RULESETS[-1], effective_to=D(2025, 12, 31)), stricter])
    outcome = dossier_advance(dossier=dossier, action="branch_resolution", on=D(2026, 4, 1), actor=None, vote=VoteData(D(2026, 4, 1), 3, 2, 1))
    assert outcome.advanced and dossier.ruleset == "2021"
