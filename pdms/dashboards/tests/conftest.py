from pdms.targets.tests.conftest import plan, progress, set_quota  # noqa: F401  (the quota fixtures of the ranking tests)
