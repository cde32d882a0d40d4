"""Self-checks give feedback a learner can act on, point by point."""

from __future__ import annotations

from journey_lessons import Milestone, MilestoneMap, Stage
from journey_lessons.checks import Feedback, bakery_milestones, point

BAKERY = MilestoneMap(
    (
        Milestone("Taste a free sample", Stage.BEFORE, "free_trial", "samples per day"),
        Milestone("Leave a review", Stage.BEFORE, "testimonial", "reviews per month"),
        Milestone("Buy a loaf", Stage.AFTER, "core_purchase", "loaves sold per day"),
        Milestone("Join the bread club", Stage.AFTER, "renewal"),
    )
)
FIXED = MilestoneMap.from_columns(
    before=[BAKERY.milestones[0]],
    core=BAKERY.milestones[2],
    after=[BAKERY.milestones[1], Milestone("Join the bread club", Stage.AFTER, "renewal", "n")],
)


def test_the_unfixed_draft_gets_a_hint_for_each_slip():
    feedback = bakery_milestones(BAKERY)
    assert not feedback.passed
    failed = [p.message for p in feedback if not p.passed]
    assert len(failed) == 4
    assert any("middle column" in m for m in failed)
    # hints, not answers: no message says which milestone goes where
    assert not [m for m in failed if "Buy a loaf" in m or "move" in m.casefold()]


def test_a_partly_fixed_map_is_told_what_is_left():
    partly = MilestoneMap.from_columns(
        before=BAKERY.milestones[:2], core=BAKERY.milestones[2], after=[BAKERY.milestones[3]]
    )
    feedback = bakery_milestones(partly)
    assert [p.passed for p in feedback] == [True, False, False, False]
    assert "1 of 4 points are right" in str(feedback)


def test_the_fixed_map_passes_every_point():
    feedback = bakery_milestones(FIXED)
    assert feedback.passed and "Well done" in feedback._repr_html_()


def test_feedback_escapes_what_it_shows():
    html = Feedback([point(False, "", "<b>x</b>")])._repr_html_()
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html


def test_a_wrong_kind_of_answer_is_feedback_not_an_error():
    assert not bakery_milestones("a loaf").passed  # type: ignore[arg-type]


def test_feedback_on_an_untouched_self_check_gives_no_answer_away():
    """The hints may show the form of an answer, never the solution's own words."""
    import dataclasses

    from journey_lessons.checks import (
        BAKERY_FOLLOW_UP,
        bakery_touchpoint,
        workshop_canvas,
        workshop_moments,
    )

    follow_up = str(bakery_touchpoint(dataclasses.replace(BAKERY_FOLLOW_UP)))
    # the folded solution's channel, owner, trigger and measure (notebook 02)
    for answer in ("SMS", "the shop manager", "morning after the tasting", "tasters who buy"):
        assert answer not in follow_up, answer
    moments = str(workshop_moments(workshop_canvas()))
    # which moment is the negative one, its fix, and the blocks each rests on (notebook 06)
    for answer in ("part is late", "Text a new date", "Key activities", "Revenue streams"):
        assert answer not in moments, answer
    assert "✘" in follow_up and "✘" in moments  # still feedback, point by point


def test_moves_by_hand_agree_with_the_boards_rule_and_name_the_rule_a_pick_breaks():
    from journey_lessons.checks import moves_by_hand

    right = moves_by_hand(["Service plan offer at collection"], ["safety check WITH a quote"])
    assert right.passed
    untouched = str(moves_by_hand([], []))
    # no name of the answer before the learner tries
    assert "Service plan" not in untouched and "Safety check" not in untouched
    traps = moves_by_hand(["Ride-photo contest"], ["Winter storage offer"])
    assert not traps.passed
    assert "upsell impact is low" in str(traps) and "is a Could" in str(traps)
    small = str(moves_by_hand(["Bike-ready text with photos"], ["Spring tune-up reminder"]))
    assert "by 10% of it" in small and "misses by 15%" in small
    assert "is not on the board" in str(moves_by_hand(["Mobile repair van"], []))
    assert "a list of touchpoint names" in str(moves_by_hand(3, []))
