"""Load realistic demo data: organizations with their history since 2015, members, the
demo accounts and the recruitment pipeline of the demo province."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.core.dates import today
from pdms.demo.scales import SCALES
from pdms.demo.seed import load
from pdms.organizations.selectors import organizations_for_user


class Command(BaseCommand):
    help = "Load demo data into an empty database: " + "; ".join(f"{s.name}: {s.help}" for s in SCALES.values()) + "."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing (and say so) when organizations exist")
        parser.add_argument("--dry-run", action="store_true", help="build everything in memory, write nothing")

    def handle(self, *args, scale, seed: int, if_empty: bool, dry_run: bool, verbosity: int, **options):
        if organizations_for_user(system_scope()).exists():
            if if_empty:
                if verbosity >= 1:
                    self.stdout.write(_("The database already holds organizations; no demo data was loaded."))
                return
            raise CommandError(_("The database already holds organizations; demo data is only loaded into an empty database."))

        def progress(summary):
            if verbosity >= 1:
                self.stdout.write(
                    _(
                        "%(province)s: %(orgs)s organizations (%(live)s today), %(members)s members today, "
                        "%(people)s people in %(seconds).1f s."
                    )
                    % {
                        "province": summary.province,
                        "orgs": f"{summary.organizations:,}",
                        "live": f"{summary.organizations_today:,}",
                        "members": f"{summary.members_today:,}",
                        "people": f"{summary.people:,}",
                        "seconds": summary.seconds,
                    }
                )

        def recruitment_progress(summary):
            if verbosity >= 1:
                self.stdout.write(
                    _(
                        "Recruitment: %(candidates)s candidates on source lists, %(dossiers)s admission dossiers "
                        "(%(overdue)s overdue deadlines), %(courses)s courses, in %(seconds).1f s."
                    )
                    % {
                        "candidates": f"{summary.candidates:,}",
                        "dossiers": f"{summary.dossiers:,}",
                        "overdue": f"{summary.overdue:,}",
                        "courses": f"{summary.courses:,}",
                        "seconds": summary.seconds,
                    }
                )

        summaries = load(
            SCALES[scale],
            seed=seed,
            today=today(),
            dry_run=dry_run,
            progress=progress,
            recruitment_progress=recruitment_progress,
        )
        if verbosity >= 1:
            members = sum(s.members_today for s in summaries)
            if dry_run:
                self.stdout.write(_("Dry run: %(members)s members built, nothing written.") % {"members": f"{members:,}"})
            else:
                self.stdout.write(
                    self.style.SUCCESS(_("Demo data loaded: %(members)s members today.") % {"members": f"{members:,}"})
                )
