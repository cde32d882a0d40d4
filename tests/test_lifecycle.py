"""The nine lifecycle steps: their order, numbers, sides of the purchase and phases."""

from __future__ import annotations

import pytest

from journey_lessons import Stage
from journey_lessons.lifecycle import LifecycleStep, Phase, steps_table

COURSE_ORDER = [
    "Acquire leads",
    "Nurture leads",
    "Convert leads to customers",
    "Deliver a great experience",
    "Turn customers into repeat buyers",
    "Encourage referrals",
    "Maximize customer value",
    "Reactivate inactive customers",
    "Maintain the relationship",
]


def test_the_nine_steps_come_in_the_course_order_numbered_1_to_9():
    assert [step.label for step in LifecycleStep] == COURSE_ORDER
    assert [step.number for step in LifecycleStep] == list(range(1, 10))


def test_three_steps_lead_to_the_purchase_and_six_follow_it():
    sides = [step.side for step in LifecycleStep]
    assert sides == [Stage.BEFORE] * 3 + [Stage.AFTER] * 6


def test_steps_line_up_with_attract_sell_and_wow():
    assert Phase.ATTRACT.steps == (LifecycleStep.ACQUIRE,)
    assert Phase.SELL.steps == (LifecycleStep.NURTURE, LifecycleStep.CONVERT)
    assert Phase.WOW.steps == tuple(s for s in LifecycleStep if s.side is Stage.AFTER)
    assert [p.label for p in Phase] == ["Attract", "Sell", "Wow"]


def test_every_step_says_what_it_is_for_and_how_it_is_done():
    for step in LifecycleStep:
        assert step.purpose.endswith("."), step
        assert len(step.typical_touchpoints) >= 2, step
        assert step.short and len(step.short.split()) == 1


def test_a_step_is_read_from_its_stored_value_and_a_typo_is_refused():
    assert LifecycleStep("referrals") is LifecycleStep.REFER
    assert LifecycleStep.REFER == "referrals"  # a str Enum: stored as plain text
    with pytest.raises(ValueError):
        LifecycleStep("referral")


def test_steps_table_shows_every_step_with_its_phase_and_side():
    table = steps_table()
    assert list(table.index) == list(range(1, 10))
    assert list(table.columns) == ["step", "phase", "side", "purpose", "typical touchpoints"]
    assert table.loc[1, "phase"] == "Attract" and table.loc[2, "phase"] == "Sell"
    assert table.loc[3, "side"] == "Before purchase"
    assert table.loc[9, "step"] == "Maintain the relationship"
    assert table.loc[9, "side"] == "After purchase" and table.loc[9, "phase"] == "Wow"
