"""Two people acting on the same dossier at the same moment: exactly one succeeds and
nothing is written twice. On PostgreSQL the second waits for the row lock and is told the
dossier changed. SQLite's in-memory test database refuses the second writer outright with a
lock error instead (a file database, as in the quick start, waits for it like PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import OperationalError, connection, connections

from pdms.core.errors import DomainError
from pdms.recruitment.models import Dossier, DossierEvent, State, Vote
from pdms.recruitment.services.dossiers import VoteData, dossier_advance
from pdms.recruitment.testing import ready_dossier

D = dt.date


def _race(dossier, version, actions):
    """Run the actions in threads released together; return (successes, errors)."""
    barrier = threading.Barrier(len(actions))
    successes, errors = [], []

    def run(action, kwargs):
        try:
            barrier.wait()
            successes.append(dossier_advance(dossier=dossier, action=action, actor=None, expected_version=version, **kwargs))
        except DomainError as error:
            errors.append(error)
        except OperationalError as error:
            if connection.vendor != "sqlite":
                raise
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=action) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return successes, errors


@pytest.mark.django_db(transaction=True)
def test_two_users_recording_the_branch_vote_at_once_do_not_both_succeed(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    vote = {"on": D(2026, 4, 1), "vote": VoteData(D(2026, 4, 1), 3, 3, 0)}
    successes, errors = _race(dossier, dossier.version, [("branch_resolution", vote), ("branch_resolution", vote)])
    assert len(successes) == 1 and len(errors) == 1
    if connection.vendor == "postgresql":
        assert "someone else" in errors[0].message or "người khác" in errors[0].message
    assert Vote.objects.filter(dossier=dossier).count() == 1
    assert DossierEvent.objects.filter(dossier=dossier, action="branch_resolution").count() == 1


@pytest.mark.django_db(transaction=True)
def test_closing_and_voting_at_once_leave_one_consistent_outcome(candidate, sponsors):
    dossier = ready_dossier(candidate, sponsors)
    successes, errors = _race(
        dossier, dossier.version,
        [("branch_resolution", {"on": D(2026, 4, 1), "vote": VoteData(D(2026, 4, 1), 3, 3, 0)}), ("close", {"on": D(2026, 4, 1), "reason": "Rút đơn"})],
    )
    assert len(successes) == 1 and len(errors) == 1
    dossier.refresh_from_db()
    assert dossier.state in (State.BRANCH_RESOLVED, State.CLOSED)
    assert dossier.version == Dossier.objects.get(pk=dossier.pk).version
    assert DossierEvent.objects.filter(dossier=dossier).exclude(action="open").count() == 1
