"""Practice for notebook 06: the canvas blocks and the moments of truth."""

from __future__ import annotations

from ..canvas import Block, MomentKind
from ..quiz import Choice, Exercise, Sort

ZERO, FIRST = MomentKind.ZERO.label, MomentKind.FIRST.label
SECOND, CARLZON = MomentKind.SECOND.label, MomentKind.CARLZON.label


def canvas_practice() -> Exercise:
    """Notebook 06: place items in blocks, name the kind of each moment of truth."""
    return Exercise(
        "Practice: the canvas and moments of truth",
        (
            Choice(
                "centre",
                "Which block stands in the centre of the Business Model Canvas?",
                ("Customer segments", "Key activities", "Value propositions", "Channels"),
                "Value propositions",
                hints=(
                    "Read the canvas from the middle out: the customer side on the right, "
                    "the engine on the left.",
                    "The centre says what the business offers, and why a customer would pick it.",
                ),
                explanation="The value propositions stand in the centre: what you offer. "
                "The customer side (segments, channels, relationships, revenue) is on the "
                "right; the engine (activities, resources, partners) on the left; costs "
                "along the bottom.",
            ),
            Sort(
                "blocks",
                "Put each item of Spoke & Chain's canvas in its block.",
                tuple(block.label for block in Block),
                {
                    "A text when the bike is ready, and a yearly check-up reminder": (
                        Block.CUSTOMER_RELATIONSHIPS.label
                    ),
                    "Rent, wages and spare parts": Block.COST_STRUCTURE.label,
                    "Repairs done the same day, or a free loan bike": (
                        Block.VALUE_PROPOSITIONS.label
                    ),
                    "Two trained mechanics and the workshop's tools": Block.KEY_RESOURCES.label,
                    "Commuters who ride every day": Block.CUSTOMER_SEGMENTS.label,
                    "A parts wholesaler that delivers overnight": Block.KEY_PARTNERS.label,
                    "Repair fees and a yearly service plan": Block.REVENUE_STREAMS.label,
                    "The shop counter and the booking website": Block.CHANNELS.label,
                    "Repairing and servicing bikes": Block.KEY_ACTIVITIES.label,
                },
                hints=(
                    "Each block answers one question: who, what is offered, how they hear "
                    "and buy, how you keep in touch, what they pay, what you do, what you "
                    "need, who helps, and what it costs.",
                    "People and tools are resources, the work itself is an activity, and "
                    "another company you rely on is a partner. The counter and the website "
                    "are how customers reach the shop.",
                ),
                explanation="Value proposition: same-day repairs or a free loan bike. "
                "Segment: daily commuters. Channels: the counter and the website. "
                "Relationships: the ready text and the check-up reminder. Revenue: repair "
                "fees and the service plan. Activities: repairing. Resources: mechanics and "
                "tools. Partner: the wholesaler. Costs: rent, wages, parts.",
            ),
            Sort(
                "moments",
                "Which kind of moment of truth is each one?",
                (ZERO, FIRST, SECOND, CARLZON),
                {
                    "Eating the bakery's sourdough at home the next morning: is it as good "
                    "as it looked?": SECOND,
                    "Reading a bakery's reviews on a map app before ever going in": ZERO,
                    "The mechanic at the counter explains the repair bill and shows the "
                    "worn part": CARLZON,
                    "Picking up a bike lock in the shop, reading its box and deciding "
                    "whether to buy it": FIRST,
                    "Comparing three bike shops' repair prices online, at home": ZERO,
                    "Riding the repaired bike for a week: does the gear still slip?": SECOND,
                    "Looking at the loaves in the window and deciding whether to buy one": (FIRST),
                    "A baker on the phone takes a birthday-cake order and remembers the "
                    "customer's name": CARLZON,
                },
                hints=(
                    "Put them in the order a customer meets them: research before any "
                    "contact, the first look at the product, using it after buying. The "
                    "fourth kind is about people.",
                    "The second moment comes after the purchase. A Carlzon moment is a brief "
                    "contact with a member of staff.",
                ),
                explanation="Zero: reading reviews and comparing prices, before any contact. "
                "First: the lock on the shelf and the loaves in the window, when the "
                "customer meets the product and decides whether to buy. Second: eating the "
                "bread and riding the bike, after the purchase. Carlzon: the mechanic at "
                "the counter and the baker on the phone, contacts with staff.",
            ),
            Choice(
                "first-moment",
                "Which of these is a first moment of truth (FMOT)?",
                (
                    "A prospect downloads a free 7-day yoga plan in exchange for an email address",
                    "A cyclist picks up a helmet in the shop, reads its label and decides "
                    "whether to buy it",
                    "A customer reads reviews of the shop before visiting",
                    "A customer rides with the new helmet for a month",
                ),
                "A cyclist picks up a helmet in the shop, reads its label and decides whether "
                "to buy it",
                hints=(
                    "The first moment is when the customer meets the product on sale and "
                    "decides whether to buy it.",
                    "A free download given for an email address is a lead magnet: a step "
                    "towards the offer, not the offer on the shelf. Reviews come before any "
                    "contact; riding with the helmet comes after buying.",
                ),
                explanation="Picking up the helmet is the FMOT: the product on the shelf, "
                "and the decision to buy it or not (Procter & Gamble's shelf moment). The "
                "free download is a lead magnet, a step before the purchase; the reviews are "
                "a zero moment, and riding with the helmet a second moment.",
            ),
            Choice(
                "second-moment",
                "When does the second moment of truth (SMOT) happen?",
                (
                    "Before the purchase, while the customer compares offers",
                    "At the checkout, while the customer pays",
                    "After the purchase, while the customer uses what they bought",
                    "The second time the customer sees an advert",
                ),
                "After the purchase, while the customer uses what they bought",
                hints=(
                    "The second moment tests a promise that was made before the purchase.",
                    "It cannot happen before the customer has the product in hand.",
                ),
                explanation="The second moment comes after the purchase: using the product "
                "shows whether it keeps the promise the earlier moments made. A good one "
                "brings the customer back; a bad one can undo a good first impression.",
            ),
            Choice(
                "carlzon",
                "Which of these is a moment of truth in Jan Carlzon's sense?",
                (
                    "A renewal charge is taken automatically, with nobody from the studio involved",
                    "A mechanic phones to say a part is late, and offers a loan bike",
                    "A customer reads reviews of the shop before visiting",
                    "A shopper reads a bike lock's box on the shelf",
                ),
                "A mechanic phones to say a part is late, and offers a loan bike",
                hints=(
                    "Carlzon ran an airline and thought about its staff.",
                    "His moments of truth are brief contacts between a customer and a "
                    "member of staff.",
                ),
                explanation="Carlzon, who ran the airline SAS, counted every brief contact "
                "between a customer and a member of staff as a moment that makes or breaks "
                "the customer's view of the company: the mechanic's call is one. Reviews "
                "are a zero moment, the box on the shelf a first moment, and an automatic "
                "charge involves nobody from the business.",
            ),
            Choice(
                "negative",
                "A canvas lists only positive moments of truth. What does that most likely mean?",
                (
                    "The business has nothing to improve",
                    "It hides what to work on: record the negative moments too, with a note "
                    "on the fix",
                    "Negative moments belong on a canvas of their own",
                    "Only positive moments rest on canvas blocks",
                ),
                "It hides what to work on: record the negative moments too, with a note on the fix",
                hints=(
                    "Every business has moments that wear trust away.",
                    "A negative moment, linked to the blocks it rests on, points at the part "
                    "of the business to change.",
                ),
                explanation="A canvas with only positive moments hides what to work on. "
                "Record the negative ones honestly, link them to their blocks and say in the "
                "note what will change: that is the start of a fix.",
            ),
        ),
    )
