"""Test settings shared by every test module."""

import sys
from pathlib import Path

# tests import their helpers (site_support) as plain modules
sys.path.insert(0, str(Path(__file__).parent))
