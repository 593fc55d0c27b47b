"""Structure indicators: counts of organizations by kind in a subtree as of a date."""

from django.utils.translation import gettext_lazy as _

from pdms.indicators.engine import Context, Indicator, RatioIndicator, register

from .models import GRASSROOTS_KINDS, OrgKind, OrgVersion, valid_on


def versions_on(ctx: Context, kinds):
    return (
        OrgVersion.objects.filter(valid_on(ctx.as_of), ctx.q("organization_id"), kind__in=kinds)
        .select_related("organization", "parent")
        .order_by("path")
    )


class _KindCount(Indicator):
    group = _("Organizations")
    record_type = "organization"
    kinds: tuple = ()

    def records(self, ctx):
        return versions_on(ctx, self.kinds)


@register
class GrassrootsOrganizations(_KindCount):
    key = "grassroots_organizations"
    label = _("Grassroots party organizations")
    kinds = GRASSROOTS_KINDS


@register
class GrassrootsCommittees(_KindCount):
    key = "grassroots_committees"
    label = _("Grassroots party committees")
    kinds = (OrgKind.GRASSROOTS_COMMITTEE,)


@register
class GrassrootsBranches(_KindCount):
    key = "grassroots_branches"
    label = _("Grassroots party branches")
    kinds = (OrgKind.GRASSROOTS_BRANCH,)


@register
class BranchesUnderCommittees(_KindCount):
    key = "branches_under_grassroots_committees"
    label = _("Branches under grassroots committees")
    kinds = (OrgKind.BRANCH,)


@register
class BranchesWithCommittee(RatioIndicator):
    key = "branches_with_committee"
    label = _("Branches with a branch committee")
    group = _("Organizations")
    record_type = "organization"

    def records(self, ctx):
        return versions_on(ctx, (OrgKind.BRANCH,)).filter(has_committee=True)

    def denominator_records(self, ctx):
        return versions_on(ctx, (OrgKind.BRANCH,))
