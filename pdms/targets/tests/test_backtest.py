"""The back-test of the forecast on the commune-scale demo, and its command."""

import datetime as dt
import json
import math
from io import StringIO

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from pdms.accounts.scope import system_scope
from pdms.organizations.models import Organization
from pdms.targets.backtest import Score, backtest, default_dates
from pdms.targets.models import Plan

NOON_TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TODAY = NOON_TODAY.date()
D = dt.date


@time_machine.travel(NOON_TODAY, tick=False)
class CommuneDemoBacktestTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", scale="commune", seed=3, stdout=StringIO())
        cls.province = Organization.objects.get(parent=None)
        cls.plan = Plan.objects.get(number="09-KH/TU")

    def run_command(self, *args) -> str:
        out = StringIO()
        call_command("forecast_backtest", *args, stdout=out)
        return out.getvalue()

    def test_the_default_dates_are_the_30_june_and_30_september_of_the_term(self):
        days = default_dates(self.plan, TODAY)
        self.assertEqual(days[0], D(2020, 9, 30))
        self.assertEqual(days[-1], D(2025, 6, 30))  # 30/09/2025 is after the term
        self.assertEqual(len(days), 10)
        # The yearly quotas of 2026 have not ended: no date of the 2025–2030 plan yet.
        self.assertEqual(default_dates(Plan.objects.get(number="05-KH/TU"), TODAY), [])

    def test_forecasts_of_past_dates_are_compared_with_what_happened(self):
        result = backtest(system_scope(), self.plan, self.province, [D(2022, 6, 30), D(2024, 9, 30)], runs=200)
        score = result.score
        self.assertGreater(score.count, 0)
        self.assertEqual(score.count, sum(len(r.cases) for r in result.dates))
        for value in (score.mean_absolute_error, score.mean_error, score.mape, score.inside_range, score.brier):
            self.assertTrue(math.isfinite(value))
        self.assertTrue(0 <= score.brier <= 1 and 0 <= score.inside_range <= 100)
        for case in result.dates[1].cases:
            forecast = case.forecast
            self.assertLessEqual(forecast.admitted, case.actual)  # admissions by then are part of the period's
            self.assertTrue(forecast.admitted <= forecast.p10 <= forecast.p50 <= forecast.p90)

    def test_the_score_is_computed_from_the_cases(self):
        from pdms.targets.backtest import Case
        from pdms.targets.forecast import Forecast

        def case(p10, p50, p90, probability, actual, target=10):
            forecast = Forecast(self.province, "", None, target, 0, p10, p50, p90, probability, {}, "defaults")
            return Case(D(2022, 6, 30), forecast, actual)

        score = Score.of([case(8, 10, 12, 100, 12), case(2, 4, 6, 0, 8)])
        self.assertEqual((score.count, score.mean_absolute_error, score.mean_error), (2, 3.0, -3.0))
        self.assertAlmostEqual(score.mape, (2 / 12 + 4 / 8) / 2 * 100)
        self.assertEqual(score.inside_range, 50.0)
        self.assertEqual(score.brier, 0.0)  # met at 100%, missed at 0%

    def test_the_command_reports_each_date_and_the_whole(self):
        code = self.province.code
        payload = json.loads(self.run_command("--org", code, "--plan", "09-kh/tu", "--at", "30/06/2023", "--runs", "200",
                                              "--format", "json"))
        self.assertEqual(payload["plan"], "09-KH/TU")
        (day,) = payload["dates"]
        self.assertEqual((day["made_on"], day["period"]), ("2023-06-30", "term"))
        self.assertEqual(payload["overall"]["count"], len(day["forecasts"]))
        self.assertGreater(payload["overall"]["count"], 0)
        table = self.run_command("--org", code, "--plan", "09-KH/TU", "--at", "30/06/2023", "30/09/2024", "--runs", "100")
        self.assertIn("30/06/2023", table)
        self.assertIn("30/09/2024", table)

    def test_bad_input_exits_with_code_2_and_a_vietnamese_message(self):
        code = self.province.code
        cases = [
            (["--org", "KHONGCO", "--plan", "09-KH/TU"], "Không có tổ chức"),
            (["--org", code, "--plan", "99-KH/TU"], "99-KH/TU"),
            (["--org", code, "--plan", "09-KH/TU", "--at", "31/02/2023"], "Ngày 31/02/2023 không có."),
            (["--org", code, "--plan", "09-KH/TU", "--at", "30/06/2019"], "09-KH/TU"),
        ]
        for args, message in cases:
            with self.subTest(args=args), self.assertRaises(CommandError) as raised:
                self.run_command(*args)
            self.assertEqual(raised.exception.returncode, 2)
            self.assertIn(message, str(raised.exception))

    def test_a_date_not_yet_past_is_refused(self):
        with self.assertRaises(CommandError) as raised:
            self.run_command("--org", self.province.code, "--plan", "09-KH/TU", "--at", "23/11/2026")
        self.assertEqual(raised.exception.returncode, 2)
