"""Practice for notebook 07: the funnel, NPS, CSAT, order value, lifetime value, cohorts,
upsell rate, referrals and comebacks.

Each number question is built from the data below, so that a test can compute the
expected answer on its own from the same data.
"""

from __future__ import annotations

from ..quiz import Choice, Exercise, Number

#: Lotus Flow's answers to "how likely are you to recommend us?" (0-10).
NPS_ANSWERS = (10, 9, 7, 6, 8, 10, 3, 9, 9, 10, 5, 8)

#: The corner bakery's answers to "how satisfied are you?" (1-5).
CSAT_ANSWERS = (5, 4, 3, 5, 2, 4, 4, 5, 1, 4)

#: Spoke & Chain's payments last week: (order id, amount in €). One order may be paid in parts.
PAYMENTS = (
    ("A-101", 45.0),
    ("A-101", 15.0),
    ("A-102", 120.0),
    ("A-103", 30.0),
    ("A-104", 85.0),
    ("A-104", 5.0),
)

#: What each of four bakery customers has paid so far, in €; Dev has never bought.
CUSTOMER_PAYMENTS = {"Ana": (40.0, 40.0, 40.0), "Ben": (60.0,), "Cleo": (45.0, 45.0), "Dev": ()}

#: Lotus Flow, for the predictive lifetime value: profit margin, revenue per member per
#: year (historic), the share of members kept from one year to the next, discount rate.
MARGIN, REVENUE_PER_YEAR, KEPT, DISCOUNT = 0.6, 150.0, 0.5, 0.10

#: A January cohort: customers whose first purchase fell in January, and how many of
#: them had any event in each later month (1 = February, 2 = March).
COHORT_SIZE, ACTIVE_BY_MONTH = 40, {1: 26, 2: 18}

#: Lotus Flow's coaching offer: members offered (people), offers sent, members who bought
#: within 30 days of their first offer, members who bought later, and members who bought
#: with no offer at all.
OFFERED, OFFERS_SENT, BOUGHT_IN_TIME, BOUGHT_LATE, BOUGHT_UNOFFERED = 20, 26, 5, 2, 3

#: Harbor Bikes' funnel (size guide, test ride, bike): customers who downloaded the guide,
#: those of them who then booked a ride, and those of these who then bought a bike; and
#: customers who booked a ride without the guide, and those of them who bought.
GUIDE, RIDE_AFTER_GUIDE, BIKE_AFTER_RIDE = 200, 80, 24
RIDE_WITHOUT_GUIDE, BIKE_WITHOUT_GUIDE = 30, 6

#: Spoke & Chain: paying customers, those of them who referred anyone, the referrals they
#: made (the most from one customer), and people who referred without ever buying.
PAYING, REFERRERS, REFERRALS, MOST_REFERRALS, UNPAID_REFERRERS = 50, 6, 10, 5, 2

#: The corner bakery: paying customers who went 60 days or more without any event, those
#: of them who then bought again, and customers back after a break of only 30 days.
QUIET, CAME_BACK, SHORT_BREAK = 12, 3, 5


def _listing(values: tuple[int, ...]) -> str:
    return ", ".join(str(v) for v in values)


def _payments() -> str:
    return "; ".join(f"{order}: €{amount:g}" for order, amount in PAYMENTS)


def _customers() -> str:
    parts = []
    for name, paid in CUSTOMER_PAYMENTS.items():
        if not paid:
            parts.append(f"{name} took a free sample but has never bought")
        elif len(set(paid)) == 1:
            times = {1: "once", 2: "twice", 3: "three times"}.get(len(paid), f"{len(paid)} times")
            parts.append(f"{name} paid €{paid[0]:g} {times}")
        else:
            parts.append(f"{name} paid " + " and ".join(f"€{p:g}" for p in paid))
    return "; ".join(parts)


def kpis_practice() -> Exercise:
    """Notebook 07: compute a funnel step, NPS, CSAT, AOV, lifetime value, retention,
    upsell conversion, the referring-customer rate and the reactivation rate."""
    month = max(ACTIVE_BY_MONTH)
    return Exercise(
        "Practice: measuring KPIs",
        (
            Number(
                "funnel",
                "Harbor Bikes' funnel has three milestones: the size guide, a test ride, a "
                f"bike. {GUIDE} customers downloaded the guide; {RIDE_AFTER_GUIDE} of them "
                f"then booked a test ride, and {BIKE_AFTER_RIDE} of those then bought a "
                f"bike. {RIDE_WITHOUT_GUIDE} other customers booked a ride without the "
                f"guide, and {BIKE_WITHOUT_GUIDE} of them bought a bike. What is the bike "
                "step's conversion from the step before, in %?",
                30,
                unit="%",
                tolerance=0.5,
                hints=(
                    "A funnel follows the customers who reach its first milestone, each "
                    "step reached in order.",
                    f"The {RIDE_WITHOUT_GUIDE} riders who skipped the guide are not in this "
                    "funnel: divide by the riders who came through the guide.",
                ),
                explanation="24 of the 80 riders who came through the guide bought a bike: "
                "30%. From the first step it is 24 / 200, 12%. The 30 riders without the "
                "guide never entered this funnel; counting them (30 / 110, 27%) would mix "
                "two journeys into one.",
            ),
            Number(
                "nps",
                f"{len(NPS_ANSWERS)} Lotus Flow members answered 'how likely are you to "
                f"recommend us?' (0 to 10): {_listing(NPS_ANSWERS)}. What is the Net Promoter "
                "Score?",
                25,
                tolerance=0.5,
                hints=(
                    "Promoters answer 9 or 10, detractors 0 to 6; 7 and 8 are passives. "
                    "NPS is the % of promoters minus the % of detractors.",
                    "Count the 9s and 10s, and the answers of 6 or less. Passives count in "
                    f"the total of {len(NPS_ANSWERS)} only.",
                ),
                explanation="6 promoters (9 or 10), 3 detractors (0 to 6) and 3 passives "
                "among 12 answers: 50% − 25% = +25. The score runs from −100 to +100 and "
                "is not a percentage.",
            ),
            Number(
                "csat",
                f"The corner bakery asked 'how satisfied are you?' (1 to 5) and got these "
                f"answers: {_listing(CSAT_ANSWERS)}. What is its CSAT, in %?",
                70,
                unit="%",
                tolerance=0.5,
                hints=(
                    "CSAT counts the satisfied answers out of all answers.",
                    "Satisfied means 4 or 5; a 3 does not count on top, but it counts in "
                    "the total.",
                ),
                explanation="7 of the 10 answers are 4 or 5, so CSAT is 70%. It counts "
                "answers, not people: a customer who answers twice counts twice.",
            ),
            Number(
                "aov",
                f"Spoke & Chain's payments last week, by order: {_payments()}. What is the "
                "average order value, in €?",
                75,
                unit="€",
                tolerance=0.01,
                hints=(
                    "Average order value is revenue divided by orders.",
                    "Two orders were paid in two parts: count orders by their id, not "
                    "payment rows.",
                ),
                explanation="Revenue €300 over 4 orders (A-101 to A-104) is €75 per order. "
                "Dividing by the 6 payment rows would give €50: the denominator is orders.",
            ),
            Number(
                "clv",
                f"Four bakery customers so far: {_customers()}. What is the historic "
                "customer lifetime value, in €?",
                90,
                unit="€",
                tolerance=0.01,
                hints=(
                    "Historic lifetime value is revenue divided by paying customers.",
                    "A customer who never paid is not a paying customer: leave them out of "
                    "the denominator.",
                ),
                explanation="Revenue €120 + €60 + €90 = €270, over 3 paying customers: €90. "
                "Dev never bought, so he is left out; counting him would give €67.50.",
            ),
            Number(
                "clv-predictive",
                f"Lotus Flow: a member brings €{REVENUE_PER_YEAR:g} of revenue a year, the "
                f"margin is {MARGIN:.0%}, {KEPT:.0%} of members are kept from one year to the "
                f"next, and the discount rate is {DISCOUNT:.0%} a year. With the course's "
                "formula m × (1 + d) / (1 + d − r), where m is the profit per member per "
                "year, what is the predictive lifetime value, in €? Round to the euro.",
                165,
                unit="€",
                tolerance=0.5,
                hints=(
                    "First the profit per member per year: the margin times the revenue.",
                    "m = 0.6 × 150 = 90, d = 0.1 and r = 0.5: work out 90 × 1.1 / 0.6.",
                ),
                explanation="m = 0.6 × €150 = €90; 90 × 1.1 / (1.1 − 0.5) = 99 / 0.6 = €165. "
                "Read it as an order of magnitude: it assumes every year is like the last.",
            ),
            Number(
                "retention",
                f"{COHORT_SIZE} customers made their first purchase in January. "
                f"{ACTIVE_BY_MONTH[1]} of them had an event in February (month 1) and "
                f"{ACTIVE_BY_MONTH[2]} in March (month 2). What is the cohort's retention "
                f"in month {month}, in %?",
                45,
                unit="%",
                tolerance=0.5,
                hints=(
                    "Retention in month k is the members of the cohort active in that month, "
                    "divided by the members of the cohort.",
                    "The denominator stays the whole January cohort, not February's "
                    "active members.",
                ),
                explanation="18 of the 40 January customers were active in March: 45%. "
                "Churn by month 2 is 1 − retention, 55%. Dividing by February's 26 would "
                "answer another question: how many of February's active customers stayed.",
            ),
            Number(
                "upsell",
                f"Lotus Flow offered coaching to {OFFERED} members ({OFFERS_SENT} offers in "
                f"all, as some were offered twice). {BOUGHT_IN_TIME} of them bought coaching "
                f"within 30 days of their first offer and {BOUGHT_LATE} bought later; "
                f"{BOUGHT_UNOFFERED} other members bought coaching without any offer. What "
                "is the upsell conversion rate, in %?",
                25,
                unit="%",
                tolerance=0.5,
                hints=(
                    "The rate counts people, not offers, and only yeses within 30 days of "
                    "the first offer.",
                    f"The denominator is the {OFFERED} members offered; members who bought "
                    "without an offer are in neither part.",
                ),
                explanation="5 of the 20 members offered said yes within 30 days: 25%. The "
                "late buyers and the members never offered are left out: the rate measures "
                "the offer, not coaching sales.",
            ),
            Number(
                "referral",
                f"Spoke & Chain has {PAYING} paying customers. {REFERRERS} of them referred "
                f"friends: {REFERRALS} referrals in all, {MOST_REFERRALS} of them from one "
                f"keen rider. {UNPAID_REFERRERS} people who never bought also sent a "
                "friend. What is the referring-customer rate, in %?",
                12,
                unit="%",
                tolerance=0.5,
                hints=(
                    "The rate counts people, not referrals, and only paying customers.",
                    "On top: the paying customers who referred anyone, however often; "
                    f"below: all {PAYING} paying customers.",
                ),
                explanation="6 of the 50 paying customers referred someone: 12%. Counting "
                "referrals (10 / 50, 20%) would let one keen rider stand for five "
                "customers; the two who never bought are in neither part.",
            ),
            Number(
                "reactivation",
                f"{QUIET} of the corner bakery's paying customers went 60 days or more "
                f"without any event. {CAME_BACK} of them then bought again; the others are "
                f"still quiet. {SHORT_BREAK} more customers bought again after a break of "
                "only 30 days. With 60 days as the quiet spell, what is the reactivation "
                "rate, in %?",
                25,
                unit="%",
                tolerance=0.5,
                hints=(
                    "Reactivation counts, among the customers who went quiet for the whole "
                    "spell, those who bought again.",
                    "A 30-day break is not a 60-day quiet spell: those buyers are in neither part.",
                ),
                explanation="3 of the 12 customers quiet for 60 days bought again: 25%. The "
                "5 back after 30 days were never dormant by this definition; adding them "
                "(8 / 17, 47%) would flatter a win-back campaign.",
            ),
            Choice(
                "cohort",
                "In notebook 07, what makes a group of customers a cohort?",
                (
                    "They live in the same town",
                    "Their first purchase fell in the same calendar month",
                    "They bought the same product",
                    "They answered the same survey",
                ),
                "Their first purchase fell in the same calendar month",
                hints=(
                    "A cohort is followed month by month from a common start.",
                    "The start is a purchase: which one?",
                ),
                explanation="A cohort is everyone whose first purchase fell in the same "
                "calendar month. Following each cohort month by month shows whether newer "
                "customers stay better than older ones.",
            ),
            Choice(
                "repeat-denominator",
                "The repeat purchase rate divides the customers with two or more orders by whom?",
                (
                    "Every customer in the event log, buyers or not",
                    "The customers with at least one order",
                    "The number of orders",
                    "The customers with exactly one order",
                ),
                "The customers with at least one order",
                hints=(
                    "Only someone who has bought once can buy again.",
                    "A prospect who only downloaded a guide is not in the denominator.",
                ),
                explanation="Repeat purchase rate = customers with two or more orders / "
                "customers with at least one order. Prospects who never bought would make "
                "the rate look worse than it is.",
            ),
        ),
    )
