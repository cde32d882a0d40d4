"""Reading speed: load_journey on a big journey file, as YAML and as JSON.

Builds a valid journey for a made-up bicycle shop, many times larger than any
learner's (paths of touchpoints, a MoSCoW item, a requirement, a use case and a
canvas item per touchpoint, a target per touchpoint), saves it with
``save_journey`` as YAML and as JSON, checks that each reads back equal, and
times ``load_journey`` on each (best of three, in this process). The target: an
8 MB YAML journey read and checked in under 3 s on a laptop. Run with
``python bench/read_journey.py [megabytes]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from _timing import best_of  # bench/ is on the path when a script here runs

TARGET_S = 3.0
TARGET_MB = 8.0
TOUCHPOINTS_PER_PATH = 20
BYTES_PER_TOUCHPOINT = 1_400  # what save_journey writes for one touchpoint and its parts, in YAML


def big_journey(touchpoints: int) -> Any:
    """A valid plan with ``touchpoints`` touchpoints, each named in every other part."""
    from journey_lessons import JourneyPlan

    steps = ("acquire_leads", "nurture_leads", "convert_leads", "deliver_experience")
    milestones = [
        {"name": "Ask for a quote", "stage": "before", "kind": "quote", "measure": "quotes"},
        {"name": "Book a repair", "stage": "core", "kind": "core_purchase", "measure": "repairs"},
        {"name": "Buy a service plan", "stage": "after", "kind": "upsell", "measure": "plans"},
    ]
    ends = ["Ask for a quote", "Book a repair", "Buy a service plan"]
    paths, items, requirements, use_cases, partners, targets = [], [], [], [], [], {}
    for number in range(touchpoints):
        name = f"Touchpoint {number}: a text to the customer about their bike"
        if number % TOUCHPOINTS_PER_PATH == 0:
            end = ends[len(paths) % 3]
            paths.append({"start": "", "end": end, "touchpoints": []})
        paths[-1]["touchpoints"].append(
            {
                "name": name, "step": steps[number % 4], "channel": "SMS",
                "trigger": f"a customer has not answered for {number % 7} days",
                "owner": "shop manager", "content": "Photos of the work and a link to book. " * 2,
                "wait_days": number % 5, "measure": "share of customers who book within a day",
                "emotion": number % 5 - 2, "evidence": "observed",
            }
        )  # fmt: skip
        items.append(
            {"touchpoint": name, "priority": ("must", "should", "could", "wont")[number % 4],
             "effort": 1.5, "impact": "medium", "reason": "Customers answer texts quickly."}
        )  # fmt: skip
        requirements.append(
            {"id": f"HB-{number}", "stage": "purchase", "characteristic": "reliability",
             "statement": "At least 99% of texts arrive within 5 minutes.",
             "metric": "share of texts delivered within 5 minutes", "target": 99, "unit": "%",
             "direction": "at_least", "measured": 97.5}
        )  # fmt: skip
        use_cases.append(
            {"title": f"Answer text {number}", "primary_actor": "Customer", "stage": "purchase",
             "main_scenario": [{"text": "opens the link", "actor": "Customer"},
                               {"text": "books a slot", "actor": "Customer"}],
             "upsell_steps": [2], "touchpoint": name}
        )  # fmt: skip
        partners.append(f"Partner {number}")
        targets[f"touchpoint:{name}"] = 0.25
    data = {
        "business": "Big Harbor Bikes",
        "milestones": {"milestones": milestones},
        "paths": {"scale": {"low": -2, "high": 2}, "paths": paths},
        "moscow": {"budget": 10_000, "items": items},
        "requirements": {"requirements": requirements},
        "use_cases": {"use_cases": use_cases},
        "canvas": {"items": {"key_partners": partners}},
        "kpi_targets": targets,
    }
    return JourneyPlan.from_dict(data)


def main(megabytes: float) -> int:
    from journey_lessons import load_journey, save_journey

    plan = big_journey(round(megabytes * 2**20 / BYTES_PER_TOUCHPOINT))
    met = True
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("yaml", "json"):
            path = save_journey(plan, Path(folder) / f"journey.{suffix}")
            size = path.stat().st_size / 2**20
            seconds, loaded = best_of(3, lambda path=path: load_journey(path))
            assert loaded == plan, f"the {suffix} file did not read back equal"
            rate = size / seconds
            print(f"{suffix.upper():<5} {size:5.1f} MB  {seconds:6.2f} s  ({rate:.1f} MB/s)")
            if suffix == "yaml":
                met = seconds < TARGET_S * size / TARGET_MB
    print(f"{len(plan.touchpoint_names()):,} touchpoints, {len(plan.paths.paths):,} paths")
    print(f"target: an {TARGET_MB:.0f} MB YAML journey under {TARGET_S:.0f} s: "
          f"{'met' if met else 'NOT MET'}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else TARGET_MB))
