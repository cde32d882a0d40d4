"""Test settings shared by every test module."""

import sys
from pathlib import Path

from hypothesis import settings

# tests import their helpers (site_support) as plain modules
sys.path.insert(0, str(Path(__file__).parent))

# Property tests check behaviour, not speed: a loaded CI machine must not fail them
# on hypothesis's per-example deadline (speed targets live in bench/).
settings.register_profile("journey", deadline=None)
settings.load_profile("journey")
