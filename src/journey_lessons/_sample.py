"""The course's sample business, read once from the journey file shipped in ``data/``.

The file has the format of a learner's journey file, but it is read here without
``files.load_journey``: the sample must not depend on how learners' files are read.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .journey import JourneyPlan

# Beside the code, where the wheel puts it (importlib.resources would add ~10 ms).
_FILE = Path(__file__).with_name("data") / "sample_journey.yaml"
# The file's header: what it is, not part of the plan.
_HEADER = ("schema", "kind", "version")


@cache
def sample_plan() -> JourneyPlan:
    """Lotus Flow online yoga studio; one shared plan, safe because its models are frozen."""
    import yaml  # here, with the rest, so that importing the package stays fast

    from .journey import JourneyPlan  # here: journey imports the modules that import this one

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, where yaml was built with it
    data = yaml.load(_FILE.read_text(encoding="utf-8"), Loader=loader)
    body = {key: value for key, value in data.items() if key not in _HEADER}
    return JourneyPlan.from_dict(body)
