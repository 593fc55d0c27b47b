"""Benchmarks (not tests: they print figures). Builds the demo data of a scale, then times
the full indicator set for the root of the first province as of today and as of
31/12/2020, beside one hand-written SQL aggregate that computes the member count of the
same subtree and date: the lower bound any engine could reach.

    python bench/run.py [--scale commune|province|nation] [--reuse] [--runs 5] [--seed 1]

Without DATABASE_URL it uses an SQLite file under the system's temporary directory,
rebuilt on every run unless --reuse is given. With DATABASE_URL the database must be empty
(or --reuse given to measure what it holds). Results are printed and written as JSON to
bench/results/ (ignored by git). See bench/README.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="province", choices=("commune", "province", "nation"))
    parser.add_argument("--reuse", action="store_true", help="measure the data already loaded; do not rebuild")
    parser.add_argument("--runs", type=int, default=5, help="timings are the best of this many runs")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def prepare_environment(args) -> Path | None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if os.environ.get("DATABASE_URL"):
        return None
    folder = Path(tempfile.gettempdir()) / "pdms-bench"
    folder.mkdir(exist_ok=True)
    database = folder / f"{args.scale}.sqlite3"
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(database)
    return database


def best_of(runs: int, action):
    """(best seconds, every run's seconds, the last result)."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), times, result


def raw_members_total(root, day: dt.date) -> int:
    """Members of ``root``'s subtree on ``day``, in one SQL statement: versions of
    organizations valid on the day whose path starts with the root's path, joined to the
    active member periods valid on the day. The path prefix is a LIKE on PostgreSQL (its
    varchar_pattern_ops index serves it); SQLite's LIKE ignores case and so cannot use an
    index, and there the same prefix is written as a range."""
    from django.db import connection

    from pdms.members.models import ACTIVE_STATUSES, MemberPeriod
    from pdms.organizations.models import OrgVersion, valid_on

    path = OrgVersion.objects.filter(valid_on(day), organization=root).values_list("path", flat=True).get()
    quote = connection.ops.quote_name
    if connection.vendor == "sqlite":
        prefix, prefix_params = "v.path >= %s AND v.path < %s", [path, path[:-1] + chr(ord(path[-1]) + 1)]
    else:
        prefix, prefix_params = "v.path LIKE %s", [path + "%"]
    sql = f"""
        SELECT COUNT(*) FROM {quote(OrgVersion._meta.db_table)} v
        JOIN {quote(MemberPeriod._meta.db_table)} p ON p.organization_id = v.organization_id
        WHERE {prefix} AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
          AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)
          AND p.status IN ({", ".join(["%s"] * len(ACTIVE_STATUSES))})
    """
    when = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*prefix_params, when, when, when, when, *[str(s) for s in ACTIVE_STATUSES]])
        return cursor.fetchone()[0]


def raw_admissions_by_unit(root, start: dt.date, end: dt.date, day: dt.date) -> dict[int, int]:
    """Admissions in ``start``..``end`` under each unit directly under ``root`` (structure
    of ``day``), in one SQL statement: the lower bound for the quota report's admitted
    figures (no roll-up of ended organizations, no scope, no quotas)."""
    from django.db import connection

    from pdms.members.models import MemberPeriod, StartEvent
    from pdms.organizations.models import OrgVersion

    quote = connection.ops.quote_name
    versions, periods = quote(OrgVersion._meta.db_table), quote(MemberPeriod._meta.db_table)
    alive = "{0}.valid_from <= %s AND ({0}.valid_to IS NULL OR {0}.valid_to > %s)"
    sql = f"""
        SELECT u.organization_id, COUNT(p.id) FROM {versions} u
        JOIN {versions} v ON v.path LIKE u.path || '%%' AND {alive.format("v")}
        JOIN {periods} p ON p.organization_id = v.organization_id
        WHERE u.parent_id = %s AND {alive.format("u")}
          AND p.start_event = %s AND p.valid_from >= %s AND p.valid_from <= %s
        GROUP BY u.organization_id
    """
    when = connection.ops.adapt_datefield_value(day)
    params = [when, when, root.pk, when, when, str(StartEvent.ADMISSION),
              connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def measure_reports(root, day: dt.date, runs: int) -> dict:
    """The quota-progress report with its ranking (the latest plan of ``root``, its term)
    and the consistency checks of ``root``, each beside its one-SQL lower bound."""
    from pdms.accounts.scope import system_scope
    from pdms.checks.registry import run_checks
    from pdms.indicators.engine import Context
    from pdms.targets.models import Plan
    from pdms.targets.reports import progress_rows, ranked

    result: dict = {"as_of": day.isoformat(), "plan": None}
    plan = Plan.objects.filter(organization=root, term_start__lte=day).order_by("-issued_on").first()
    if plan is not None:
        def report_with_ranking():
            head, units = progress_rows(system_scope(), plan, root, day, "term", pipeline=True)
            return head, ranked(units)

        start, end = plan.term_start, min(plan.term_end, day)
        report_best, report_runs, (head, units) = best_of(runs, report_with_ranking)
        raw_best, _, raw_counts = best_of(runs, lambda: raw_admissions_by_unit(root, start, end, day))
        result.update({
            "plan": plan.number, "units": len(units), "report_seconds": report_best, "report_runs": report_runs,
            "raw_admissions_by_unit_seconds": raw_best,
            "ratio_report_to_raw_sql": report_best / raw_best if raw_best else None,
            "admitted_in_units_raw_sql": sum(raw_counts.values()),
        })
    ctx_checks = lambda: run_checks(Context.build(scope=system_scope(), organization=root, as_of=day))  # noqa: E731
    checks_best, checks_runs, findings = best_of(runs, ctx_checks)
    raw_best, _, _members = best_of(runs, lambda: raw_members_total(root, day))
    result.update({
        "checks_seconds": checks_best, "checks_runs": checks_runs, "findings": len(findings),
        "raw_members_total_seconds": raw_best, "ratio_checks_to_raw_sql": checks_best / raw_best if raw_best else None,
    })
    return result


def measure(root, day: dt.date, runs: int) -> dict:
    from pdms.accounts.scope import system_scope
    from pdms.indicators.engine import Context, all_indicators, evaluate

    def full_set():
        return evaluate(Context.build(scope=system_scope(), organization=root, as_of=day))

    def members_total():
        return evaluate(Context.build(scope=system_scope(), organization=root, as_of=day), ["members_total"])[0].value

    full_best, full_runs, results = best_of(runs, full_set)
    one_best, _, indicator_value = best_of(runs, members_total)
    raw_best, raw_runs, raw_value = best_of(runs, lambda: raw_members_total(root, day))
    return {
        "as_of": day.isoformat(),
        "indicators": len(all_indicators()),
        "full_set_seconds": full_best,
        "full_set_runs": full_runs,
        "members_total_indicator_seconds": one_best,
        "raw_sql_seconds": raw_best,
        "raw_sql_runs": raw_runs,
        "members_total_indicator": indicator_value,
        "members_total_raw_sql": raw_value,
        "counts_agree": indicator_value == raw_value,
        "ratio_full_set_to_raw_sql": full_best / raw_best if raw_best else None,
        "values": {r.key: (float(r.value) if r.value is not None else None) for r in results},
    }


def database_name(connection) -> str:
    if connection.vendor == "sqlite":
        return "SQLite " + ".".join(map(str, connection.Database.sqlite_version_info))
    return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"


def seconds(value: float) -> str:
    return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"


def report(result: dict) -> None:
    print()
    print(f"Database: {result['database']}   scale: {result['scale']}   root: {result['root']}")
    if result["seed_seconds"] is not None:
        print(f"Demo data built and written in {result['seed_seconds']:.1f} s")
    print(f"Organizations: {result['organizations']:,}   members today: {result['members_today']:,}", end="")
    print(f"   member periods: {result['member_periods']:,}")
    rows = [
        ("", *[f"as of {dt.date.fromisoformat(m['as_of']):%d/%m/%Y}" for m in result["measurements"]]),
        (
            f"full indicator set ({result['measurements'][0]['indicators']} indicators)",
            *[seconds(m["full_set_seconds"]) for m in result["measurements"]],
        ),
        ("members_total indicator alone", *[seconds(m["members_total_indicator_seconds"]) for m in result["measurements"]]),
        ("one raw SQL aggregate (lower bound)", *[seconds(m["raw_sql_seconds"]) for m in result["measurements"]]),
        ("ratio full set / raw SQL", *[f"{m['ratio_full_set_to_raw_sql']:,.1f}×" for m in result["measurements"]]),
        (
            "members: indicator / raw SQL",
            *[f"{m['members_total_indicator']:,} / {m['members_total_raw_sql']:,}" for m in result["measurements"]],
        ),
        ("counts agree", *["yes" if m["counts_agree"] else "NO" for m in result["measurements"]]),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(width) if j == 0 else cell.rjust(width) for j, (cell, width) in enumerate(zip(row, widths))))
        if i == 0:
            print("  ".join("-" * width for width in widths))
    print(f"(best of {result['runs']} runs each)")
    report_reports(result["reports"])


def report_reports(reports: dict) -> None:
    if reports:
        print()
        print(f"Reports as of {dt.date.fromisoformat(reports['as_of']):%d/%m/%Y}")
        rows = []
        if reports["plan"]:
            rows += [
                (f"quota-progress report with ranking ({reports['plan']}, term, {reports['units']} units)",
                 seconds(reports["report_seconds"])),
                ("one raw SQL: admissions per unit (lower bound)", seconds(reports["raw_admissions_by_unit_seconds"])),
                ("ratio report / raw SQL", f"{reports['ratio_report_to_raw_sql']:,.1f}×"),
            ]
        rows += [
            (f"consistency checks (run_checks, {reports['findings']:,} findings)", seconds(reports["checks_seconds"])),
            ("one raw SQL: members_total (lower bound)", seconds(reports["raw_members_total_seconds"])),
            ("ratio checks / raw SQL", f"{reports['ratio_checks_to_raw_sql']:,.1f}×"),
        ]
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            print(f"{name.ljust(width)}  {value.rjust(12)}")


def main() -> int:
    args = arguments()
    sqlite_file = prepare_environment(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from pdms.core.dates import today
    from pdms.members.models import MemberPeriod
    from pdms.organizations.models import Organization, OrgKind

    call_command("migrate", verbosity=0)
    seed_seconds = None
    if not args.reuse:
        if Organization.objects.exists():
            print("The database at DATABASE_URL already holds data: point it at an empty database,")
            print("or pass --reuse to measure it as it is.")
            return 2
        started = time.perf_counter()
        call_command("seed_demo", scale=args.scale, seed=args.seed)
        seed_seconds = time.perf_counter() - started
    root = Organization.objects.filter(kind=OrgKind.PROVINCE, ended_on__isnull=True).order_by("code").first()
    if root is None:
        print("No demo data to measure: run without --reuse to build it.")
        return 2
    days = (today(), dt.date(2020, 12, 31))
    result = {
        "at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
        "database": database_name(connection),
        "sqlite_file": str(sqlite_file) if sqlite_file else None,
        "scale": args.scale,
        "seed": args.seed,
        "seed_seconds": seed_seconds,
        "root": root.name,
        "organizations": Organization.objects.count(),
        "members_today": None,
        "member_periods": MemberPeriod.objects.count(),
        "runs": args.runs,
        "measurements": [measure(root, day, args.runs) for day in days],
    }
    result["members_today"] = result["measurements"][0]["members_total_indicator"]
    result["reports"] = measure_reports(root, days[0], args.runs)
    report(result)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{connection.vendor}-{args.scale}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"Written to {out.relative_to(ROOT)}")
    return 0 if all(m["counts_agree"] for m in result["measurements"]) else 1


if __name__ == "__main__":
    sys.exit(main())
