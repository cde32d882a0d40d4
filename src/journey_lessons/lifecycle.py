"""The nine-step lifecycle: a checklist for paving the path between milestones.

Three steps lead a stranger to the core purchase: acquire leads, nurture them,
convert them. Six follow it: deliver a great experience, turn customers into
repeat buyers, encourage referrals, maximize customer value, reactivate
inactive customers and maintain the relationship. Every touchpoint on a path
serves one of these steps, so a step with no touchpoint is a gap in the journey.

The same steps line up with the three phases of the widely used Lifecycle
Marketing model (Attract, Sell, Wow). The course source names the nine steps
but not the phases, so the mapping follows that model's own stages:

- **Attract** (target, attract interest, collect leads): acquire leads.
- **Sell** (educate prospects, offer, close): nurture leads, convert.
  Nurturing is the model's "educate", which it counts as selling.
- **Wow** (deliver and wow, offer more, get referrals): the six steps after the
  purchase. Reactivating and maintaining keep the customer in that phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .milestones import Stage


class Phase(str, Enum):
    """The three phases of the Lifecycle Marketing model, in order."""

    ATTRACT = "attract"
    SELL = "sell"
    WOW = "wow"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def steps(self) -> tuple[LifecycleStep, ...]:
        """The lifecycle steps in this phase, in order."""
        return tuple(step for step in LifecycleStep if step.phase is self)


@dataclass(frozen=True)
class StepInfo:
    """What one lifecycle step is for and where it sits in the journey."""

    number: int
    label: str
    short: str  # one word, for drawings where space is tight
    purpose: str
    typical_touchpoints: tuple[str, ...]
    side: Stage  # BEFORE: leads up to the core purchase; AFTER: follows it
    phase: Phase


class LifecycleStep(str, Enum):
    """The nine lifecycle steps, in journey order (numbered 1 to 9)."""

    ACQUIRE = "acquire_leads"
    NURTURE = "nurture_leads"
    CONVERT = "convert_leads"
    DELIVER = "deliver_experience"
    REPEAT = "repeat_buyers"
    REFER = "referrals"
    MAXIMIZE = "maximize_value"
    REACTIVATE = "reactivate"
    MAINTAIN = "maintain_relationship"

    @property
    def info(self) -> StepInfo:
        return _INFO[self.value]

    @property
    def number(self) -> int:
        return self.info.number

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def short(self) -> str:
        return self.info.short

    @property
    def purpose(self) -> str:
        return self.info.purpose

    @property
    def typical_touchpoints(self) -> tuple[str, ...]:
        return self.info.typical_touchpoints

    @property
    def side(self) -> Stage:
        """``Stage.BEFORE`` for the steps that lead to the purchase, else ``Stage.AFTER``."""
        return self.info.side

    @property
    def phase(self) -> Phase:
        return self.info.phase


_BEFORE, _AFTER = Stage.BEFORE, Stage.AFTER
_INFO: dict[str, StepInfo] = {
    "acquire_leads": StepInfo(
        1,
        "Acquire leads",
        "Acquire",
        "Get strangers who fit your offer to notice you and leave a way to reach them.",
        ("a short social video", "a search ad", "a landing page with a free resource"),
        _BEFORE,
        Phase.ATTRACT,
    ),
    "nurture_leads": StepInfo(
        2,
        "Nurture leads",
        "Nurture",
        "Help new leads get a first result and trust you, until they are ready to try more.",
        ("a welcome email series", "a how-to video", "a check-in message"),
        _BEFORE,
        Phase.SELL,
    ),
    "convert_leads": StepInfo(
        3,
        "Convert leads to customers",
        "Convert",
        "Make the offer at the right moment and remove what stops the lead from buying.",
        ("an offer before a trial ends", "a reminder of a live session", "a sales call"),
        _BEFORE,
        Phase.SELL,
    ),
    "deliver_experience": StepInfo(
        4,
        "Deliver a great experience",
        "Deliver",
        "Make the first weeks after buying easy and rewarding, and ask how it went.",
        ("a welcome pack", "an onboarding call", "a satisfaction survey"),
        _AFTER,
        Phase.WOW,
    ),
    "repeat_buyers": StepInfo(
        5,
        "Turn customers into repeat buyers",
        "Repeat",
        "Bring customers back to buy again or to renew before their term runs out.",
        ("a renewal reminder", "a reorder prompt", "a loyalty reward"),
        _AFTER,
        Phase.WOW,
    ),
    "referrals": StepInfo(
        6,
        "Encourage referrals",
        "Refer",
        "Give happy customers an easy reason and a simple way to bring a friend.",
        ("a bring-a-friend pass", "a referral link with a reward", "a review request"),
        _AFTER,
        Phase.WOW,
    ),
    "maximize_value": StepInfo(
        7,
        "Maximize customer value",
        "Maximize",
        "Offer the upgrade or add-on that fits what the customer is already doing.",
        ("an upgrade offer", "a taster of a premium service", "a progress review"),
        _AFTER,
        Phase.WOW,
    ),
    "reactivate": StepInfo(
        8,
        "Reactivate inactive customers",
        "Reactivate",
        "Notice when a customer goes quiet and give them a reason to come back.",
        ("a win-back email", "a we-miss-you offer", "a personal call"),
        _AFTER,
        Phase.WOW,
    ),
    "maintain_relationship": StepInfo(
        9,
        "Maintain the relationship",
        "Maintain",
        "Stay useful and in touch between purchases, without selling every time.",
        ("a monthly newsletter", "a members' community", "a birthday message"),
        _AFTER,
        Phase.WOW,
    ),
}


def steps_table() -> Any:
    """The nine steps as a pandas DataFrame: number, phase, side, purpose, examples."""
    import pandas as pd  # here, so that importing the package stays fast

    return pd.DataFrame(
        [
            {
                "#": step.number,
                "step": step.label,
                "phase": step.phase.label,
                "side": step.side.label,
                "purpose": step.purpose,
                "typical touchpoints": "; ".join(step.typical_touchpoints),
            }
            for step in LifecycleStep
        ]
    ).set_index("#")


__all__ = ["LifecycleStep", "Phase", "StepInfo", "steps_table"]
