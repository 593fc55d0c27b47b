"""What the pages that show figures share: the indicator Context a request asks for
(``as_of``, ``from`` and ``to`` in the query string, dd/mm/yyyy), and the query string
that carries the same Context (with its ``part`` of a breakdown, if any) to the next
page, so a figure and its drill-down always agree."""

from urllib.parse import urlencode

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date
from pdms.core.errors import DomainError
from pdms.core.views import as_of_param, date_param
from pdms.organizations.models import Organization

from .engine import Context


def context_for_request(request, scope: Scope, organization: Organization) -> tuple[Context, str]:
    """The Context of the request and, when the period asked for is impossible, the
    message saying so (the default period is used instead)."""
    as_of = as_of_param(request)
    try:
        ctx = Context.build(
            scope=scope,
            organization=organization,
            as_of=as_of,
            start=date_param(request, "from"),
            end=date_param(request, "to"),
        )
    except DomainError as error:
        return Context.build(scope=scope, organization=organization, as_of=as_of), error.message
    return ctx, ""


def context_query(ctx: Context) -> str:
    params = {"as_of": format_date(ctx.as_of), "from": format_date(ctx.start), "to": format_date(ctx.end)}
    if ctx.part:
        params["part"] = ctx.part
    return urlencode(params)
