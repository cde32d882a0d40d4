"""Practice for notebook 04: non-functional requirements, ISO/IEC 25010:2023, fit criteria."""

from __future__ import annotations

from ..nfr import Characteristic, JourneyStage
from ..quiz import Choice, Exercise, Number, Sort

#: Spoke & Chain's booking form: a target of at least this share (%), and what is measured.
FORM_TARGET, FORM_MEASURED = 90, 72

C = Characteristic


def nfr_practice() -> Exercise:
    """Notebook 04: functional or not, ISO/IEC 25010:2023 characteristics, stages, gaps."""
    return Exercise(
        "Practice: non-functional requirements",
        (
            Choice(
                "non-functional",
                "Which of these are non-functional requirements?",
                (
                    "A member can book a live class",
                    "A booking is confirmed within 1 second",
                    "Booking works at least 99.9% of the month",
                    "A customer can pay a deposit online",
                    "9 in 10 first-time members book a class without asking for help",
                ),
                (
                    "A booking is confirmed within 1 second",
                    "Booking works at least 99.9% of the month",
                    "9 in 10 first-time members book a class without asking for help",
                ),
                hints=(
                    "A functional requirement says what the product does; a non-functional "
                    "one says how well it does it.",
                    "'Can book' and 'can pay' are things the product does. How fast, how "
                    "often it works and how easily people manage are how well.",
                ),
                explanation="Booking a class and paying a deposit are functions. How fast a "
                "booking is confirmed, how much of the month booking works and how many "
                "newcomers manage alone are qualities: performance, reliability and "
                "interaction capability.",
            ),
            Sort(
                "characteristic",
                "Name the ISO/IEC 25010:2023 characteristic of each requirement.",
                tuple(c.label for c in Characteristic),
                {
                    "Online booking is available at least 99.9% of each month": (
                        C.RELIABILITY.label
                    ),
                    "At least 9 in 10 first-time customers finish a booking without "
                    "calling the shop": C.INTERACTION_CAPABILITY.label,
                    "Every advanced yoga class shows the injury warning before it starts": (
                        C.SAFETY.label
                    ),
                    "The booking page shows its main content within 2.5 s on a phone": (
                        C.PERFORMANCE_EFFICIENCY.label
                    ),
                    "A new price list goes live in at most one working day": (
                        C.MAINTAINABILITY.label
                    ),
                    "Only the customer and the mechanics can read a repair's notes": (
                        C.SECURITY.label
                    ),
                    "At most 1 in 1,000 bookings fails to reach the mechanics' calendar app": (
                        C.COMPATIBILITY.label
                    ),
                    "100% of deposits are charged the amount shown at booking": (
                        C.FUNCTIONAL_SUITABILITY.label
                    ),
                    "The booking page still loads within 3 s with five times the usual "
                    "visitors, in the spring rush": C.FLEXIBILITY.label,
                },
                hints=(
                    "Ask what would go wrong if each one failed: too slow, down, open to the "
                    "wrong people, too hard, unsafe, hard to change, not talking to another "
                    "system, or simply wrong.",
                    "Interaction capability is the 2023 name for usability. Working with "
                    "another system is compatibility; charging the right amount is about "
                    "doing the job correctly. Coping with a rush of visitors is flexibility "
                    "(the 2023 name that takes in scalability).",
                ),
                explanation="Availability is reliability; finishing without help is "
                "interaction capability (usability in the 2011 edition); the injury warning "
                "is safety, new in 2023; load time is performance efficiency; a quick price "
                "change is maintainability; who may read the notes is security; bookings "
                "reaching another app is compatibility; the right amount is functional "
                "suitability; loading in the rush at five times the visitors is flexibility.",
            ),
            Sort(
                "stage",
                "Spoke & Chain, a bike workshop, wrote one requirement per stage of the "
                "journey. Which stage is each one for?",
                tuple(s.label for s in JourneyStage),
                {
                    "At least 99% of 'your bike is ready' texts arrive within 10 minutes": (
                        JourneyStage.RETENTION.label
                    ),
                    "The home page shows its main content within 2.5 s on a phone": (
                        JourneyStage.AWARENESS.label
                    ),
                    "A customer can post a review in at most 2 taps from the thank-you text": (
                        JourneyStage.ADVOCACY.label
                    ),
                    "The monthly scan finds 0 high or critical issues on the deposit page": (
                        JourneyStage.PURCHASE.label
                    ),
                    "At least 90% of people who open the booking form finish it": (
                        JourneyStage.CONSIDERATION.label
                    ),
                },
                hints=(
                    "Follow a customer: first they hear of the shop, then they compare and "
                    "try, then they pay, then they use what they bought, then they tell "
                    "others.",
                    "Paying the deposit is the purchase; the text that the bike is ready "
                    "comes while they use what they bought; a review is advocacy.",
                ),
                explanation="Awareness: the home page a stranger lands on. Consideration: "
                "the booking form, while they weigh it up. Purchase: the deposit page. "
                "Retention: the 'ready' text, after they bought. Advocacy: the review.",
            ),
            Choice(
                "measurable",
                "Which of these requirements can two people measure and agree on?",
                (
                    "Checkout should be fast",
                    "The site must be secure and reliable",
                    "95% of payments are confirmed within 3 s of pressing Pay",
                    "Booking should feel seamless",
                ),
                "95% of payments are confirmed within 3 s of pressing Pay",
                hints=(
                    "A requirement needs a fit criterion: a metric, a target and a unit.",
                    "Fast, secure, reliable and seamless set no number.",
                ),
                explanation="Only the payment requirement has a fit criterion: the metric "
                "(time from Pay to the confirmation, for 95% of payments), the target (3) "
                "and the unit (seconds). The others are wishes until they get a number.",
            ),
            Number(
                "shortfall",
                f"Spoke & Chain wants at least {FORM_TARGET}% of the people who open its "
                f"booking form to finish it; {FORM_MEASURED}% do. What is the relative "
                "shortfall, in % of the target? Round to a whole number.",
                20,
                unit="%",
                tolerance=0.5,
                hints=(
                    "First the shortfall in the unit: how many points is the measurement "
                    "short of the target?",
                    f"The relative shortfall divides that shortfall by the target, {FORM_TARGET}.",
                ),
                explanation="The shortfall is 90 − 72 = 18 points, and 18 / 90 = 20% of the "
                "target. The relative shortfall lets you compare misses in seconds with "
                "misses in percent, and put the biggest first on the roadmap.",
            ),
            Choice(
                "roadmap",
                "A requirement for the support reply time has a target but nothing measured "
                "yet. In which step of the roadmap does it wait?",
                ("Assess", "Find gaps", "Plan", "Implement", "Monitor"),
                "Assess",
                hints=(
                    "A gap needs two numbers: the target and the measured value.",
                    "Before anyone can find a gap, every requirement needs a fit criterion "
                    "and a measured value.",
                ),
                explanation="It waits in assess: without a measured value there is no gap "
                "to find yet. Measuring it is the first action of the roadmap.",
            ),
            Choice(
                "gap-order",
                "Spoke & Chain measured two requirements. 'Your bike is ready' texts should "
                "arrive within 10 minutes and take 14. The booking page should load within 2 s "
                "and takes 2.5 s. Which gap comes first on the roadmap?",
                (
                    "The texts: they miss by 40% of their target, the page by 25%",
                    "The page: speed always comes before messages",
                    "The texts: 4 minutes is more than 0.5 s",
                    "Neither: a gap under 50% is not worth planning",
                ),
                "The texts: they miss by 40% of their target, the page by 25%",
                hints=(
                    "Minutes and seconds cannot be compared directly. Divide each miss by "
                    "its own target.",
                    "(14 - 10) / 10 and (2.5 - 2) / 2: the bigger relative shortfall comes first.",
                ),
                explanation="The relative shortfall divides the miss by the target: "
                "4 / 10 = 40% for the texts and 0.5 / 2 = 25% for the page. The biggest "
                "relative miss comes first in 'find gaps'. Comparing 4 minutes with 0.5 s "
                "gives the same order here only by luck: units cannot be compared.",
            ),
        ),
    )
