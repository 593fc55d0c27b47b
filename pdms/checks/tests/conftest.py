import pytest

from pdms.accounts.scope import Scope, system_scope
from pdms.indicators.engine import Context


@pytest.fixture
def check_ctx(today):
    """A Context for a run: system scope unless a user is given."""

    def build(organization, *, user=None, start=None, end=None, as_of=None):
        return Context.build(
            scope=Scope.of(user) if user else system_scope(), organization=organization, as_of=as_of or today, start=start, end=end
        )

    return build
