"""Settings of the test suite: the application's own settings with throwaway keys, since
outside DEBUG those refuse to start without keys. Keys set in the environment win."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-8c1f0e5a2b7d4e9f9a3c6b1d0e7f2a4c5b8d9e0f")
os.environ.setdefault("PERSONAL_DATA_KEY", "tests-only-personal-data-key-3e7a9c1b5d2f4a6c8e0b1d3f5a7c9e2b")

from config.settings import *  # noqa: E402,F403
