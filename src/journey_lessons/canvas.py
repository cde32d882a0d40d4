"""The Business Model Canvas, and the moments of truth that touch its blocks.

Alexander Osterwalder and Yves Pigneur's canvas (published by Strategyzer AG under CC BY-SA 3.0)
describes a business on one page, in nine blocks: who it serves and what it
offers them (customer segments, value propositions), how it reaches and keeps
them (channels, customer relationships) and what they pay (revenue streams),
then what it takes to deliver (key activities, key resources, key partners) and
what that costs (cost structure).

A moment of truth is an instant in the journey when the customer forms an
opinion of the business, for better or worse. Mapping each one onto the blocks
it depends on shows which part of the business to change to make it good.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from html import escape
from types import MappingProxyType
from typing import Any

from . import _fields as fields
from . import _sample
from ._fields import moved
from ._html import html_table, text_table
from .findings import Finding, Findings, Severity

#: Shown wherever the canvas is drawn: the canvas is Strategyzer's, shared under CC BY-SA.
ATTRIBUTION = "Business Model Canvas by Strategyzer AG (strategyzer.com), CC BY-SA 3.0"


class Block(str, Enum):
    """The nine building blocks of the canvas, left to right, then the bottom row."""

    KEY_PARTNERS = "key_partners"
    KEY_ACTIVITIES = "key_activities"
    KEY_RESOURCES = "key_resources"
    VALUE_PROPOSITIONS = "value_propositions"
    CUSTOMER_RELATIONSHIPS = "customer_relationships"
    CHANNELS = "channels"
    CUSTOMER_SEGMENTS = "customer_segments"
    COST_STRUCTURE = "cost_structure"
    REVENUE_STREAMS = "revenue_streams"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def question(self) -> str:
        """The question the block answers."""
        return _QUESTIONS[self]

    @property
    def grid(self) -> tuple[int, int, int, int]:
        """Where the block sits on the usual canvas: (x, y, width, height) on a 10 x 3 grid.

        The top two thirds hold five columns: partners | activities over
        resources | value propositions | relationships over channels | segments.
        Cost structure and revenue streams share the bottom third. y counts up
        from the bottom.
        """
        return _GRID[self]


_QUESTIONS = {
    Block.KEY_PARTNERS: "Who helps you do what you cannot or should not do alone?",
    Block.KEY_ACTIVITIES: "What must you do well, week after week, to deliver your offer?",
    Block.KEY_RESOURCES: "What people, things, know-how or money can you not do without?",
    Block.VALUE_PROPOSITIONS: "What do you offer, and why would a customer pick it over the "
    "alternatives?",
    Block.CUSTOMER_RELATIONSHIPS: "How do you keep in touch with each segment: in person, "
    "self-service, a community?",
    Block.CHANNELS: "How does each segment hear of you, buy from you and receive what it bought?",
    Block.CUSTOMER_SEGMENTS: "Who do you create value for, and which groups matter most?",
    Block.COST_STRUCTURE: "What are the biggest costs of running this business, fixed and "
    "variable?",
    Block.REVENUE_STREAMS: "What do customers pay for, how do they pay, and how much?",
}

_GRID = {
    Block.KEY_PARTNERS: (0, 1, 2, 2),
    Block.KEY_ACTIVITIES: (2, 2, 2, 1),
    Block.KEY_RESOURCES: (2, 1, 2, 1),
    Block.VALUE_PROPOSITIONS: (4, 1, 2, 2),
    Block.CUSTOMER_RELATIONSHIPS: (6, 2, 2, 1),
    Block.CHANNELS: (6, 1, 2, 1),
    Block.CUSTOMER_SEGMENTS: (8, 1, 2, 2),
    Block.COST_STRUCTURE: (0, 0, 5, 1),
    Block.REVENUE_STREAMS: (5, 0, 5, 1),
}


class MomentKind(str, Enum):
    """The kinds of moment of truth, in the order a customer meets them."""

    ZERO = "zero"
    FIRST = "first"
    SECOND = "second"
    CARLZON = "carlzon"

    @property
    def label(self) -> str:
        return {
            "zero": "Zero moment (ZMOT)",
            "first": "First moment (FMOT)",
            "second": "Second moment (SMOT)",
            "carlzon": "Moment of truth (Carlzon)",
        }[self.value]

    @property
    def short(self) -> str:
        return {"zero": "ZMOT", "first": "FMOT", "second": "SMOT", "carlzon": "MOT"}[self.value]

    @property
    def description(self) -> str:
        return {
            "zero": "The customer looks you up before any contact: searches, reviews, "
            "a friend's word (Google's name for it).",
            "first": "The customer first meets the offering itself, on the shelf or the "
            "page, and decides whether to buy (Procter & Gamble's name).",
            "second": "After buying, the customer uses the offering and finds out whether "
            "it keeps its promise.",
            "carlzon": "A contact with a member of staff where the customer forms an "
            "impression of the whole business (Jan Carlzon, who ran the airline SAS).",
        }[self.value]


@dataclass(frozen=True)
class MomentOfTruth:
    """A moment when the customer forms an opinion, where it happens, and what it rests on.

    ``touchpoint`` names the journey's touchpoint where it happens (a zero
    moment happens before any contact, so it may have none); ``blocks`` are the
    canvas blocks that make it good or bad; ``positive`` says which it is today.
    """

    name: str
    kind: MomentKind
    touchpoint: str = ""
    blocks: tuple[Block, ...] = ()
    positive: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if not all(isinstance(t, str) for t in (self.name, self.touchpoint, self.note)):
            raise TypeError("MomentOfTruth name, touchpoint and note must be text")
        if not isinstance(self.positive, bool):
            raise TypeError("MomentOfTruth positive must be True or False")
        object.__setattr__(self, "kind", fields.enum_member(MomentKind, self.kind, "kind"))
        blocks = (fields.enum_member(Block, b, "block") for b in self.blocks)
        # a block named twice is still one block: keep the first mention
        object.__setattr__(self, "blocks", tuple(dict.fromkeys(blocks)))

    @property
    def sign(self) -> str:
        return "+" if self.positive else "−"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "touchpoint": self.touchpoint,
            "blocks": [b.value for b in self.blocks],
            "positive": self.positive,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "moment") -> MomentOfTruth:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {f.name for f in dataclasses.fields(cls)})
        positive = data.get("positive", True)
        if not isinstance(positive, bool):
            raise fields.FieldError(
                fields.join(field, "positive"),
                f"expected true or false, found {fields.describe_type(positive)}",
            )
        key = fields.join(field, "blocks")
        blocks = [
            fields.choice({i: b}, i, key, Block)
            for i, b in enumerate(fields.listing(data, "blocks", field))
        ]
        return cls(
            name=fields.text(data, "name", field, default=""),
            kind=fields.choice(data, "kind", field, MomentKind),
            touchpoint=fields.text(data, "touchpoint", field, default=""),
            blocks=tuple(blocks),
            positive=positive,
            note=fields.text(data, "note", field, default=""),
        )


@dataclass(frozen=True)
class Canvas:
    """A Business Model Canvas: items in each of the nine blocks, and moments of truth.

    ``items`` maps every block to its items (a block left out is empty); it
    cannot be changed in place. Methods return a new canvas.
    """

    items: Mapping[Block, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    moments: tuple[MomentOfTruth, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        given = {fields.enum_member(Block, b, "block"): v for b, v in dict(self.items).items()}
        for block, values in given.items():
            # a bare text would silently split into letters
            if isinstance(values, str) or not all(isinstance(v, str) for v in values):
                raise TypeError(f"the items of {block.label} must be texts")
        # every block present, in canvas order, and read-only: the canvas is a value
        items = {block: tuple(given.get(block, ())) for block in Block}
        object.__setattr__(self, "items", MappingProxyType(items))
        moments = fields.tuple_of(self.moments, MomentOfTruth, "moments")
        object.__setattr__(self, "moments", moments)
        if not isinstance(self.title, str):
            raise TypeError("Canvas title must be text")

    def __hash__(self) -> int:
        return hash((tuple(self.items.items()), self.moments, self.title))

    # -- editing -------------------------------------------------------------------

    def with_items(self, block: Block, items: Iterable[str]) -> Canvas:
        """A new canvas with the items of ``block`` replaced."""
        return dataclasses.replace(self, items={**self.items, Block(block): tuple(items)})

    def add_item(self, block: Block, item: str) -> Canvas:
        return self.with_items(block, (*self.items[Block(block)], item))

    def replace_item(self, block: Block, index: int, item: str) -> Canvas:
        return self.with_items(block, fields.replaced(self.items[Block(block)], index, item))

    def remove_item(self, block: Block, index: int) -> Canvas:
        return self.with_items(block, fields.removed(self.items[Block(block)], index))

    def add_moment(self, moment: MomentOfTruth) -> Canvas:
        return dataclasses.replace(self, moments=(*self.moments, moment))

    def replace_moment(self, index: int, moment: MomentOfTruth) -> Canvas:
        return dataclasses.replace(self, moments=fields.replaced(self.moments, index, moment))

    def remove_moment(self, index: int) -> Canvas:
        return dataclasses.replace(self, moments=fields.removed(self.moments, index))

    def move_item(self, block: Block, index: int, by: int) -> Canvas:
        """A new canvas with item ``index`` of ``block`` listed ``by`` places later."""
        return self.with_items(block, moved(self.items[Block(block)], index, by))

    def move_moment(self, index: int, by: int) -> Canvas:
        """A new canvas with the moment at ``index`` listed ``by`` places later."""
        return dataclasses.replace(self, moments=moved(self.moments, index, by))

    def with_title(self, title: str) -> Canvas:
        return dataclasses.replace(self, title=title)

    # -- reading -------------------------------------------------------------------

    def moments_in(self, block: Block) -> tuple[MomentOfTruth, ...]:
        """The moments of truth that rest on ``block``."""
        return tuple(m for m in self.moments if Block(block) in m.blocks)

    def describe(self) -> str:
        """A few sentences for a reader who cannot see the drawing (alt text)."""
        title = f"{self.title.strip()}: " if self.title.strip() else ""
        blocks = " ".join(
            f"{b.label}: {'; '.join(i.strip() for i in items) if items else 'empty'}."
            for b, items in self.items.items()
        )
        if self.moments:
            good = sum(m.positive for m in self.moments)
            listed = "; ".join(
                f"{'positive' if m.positive else 'negative'}, {m.name.strip() or '(unnamed)'} "
                f"({m.kind.short}, in {', '.join(b.label for b in m.blocks) or 'no block'})"
                for m in self.moments
            )
            moments = (
                f"Moments of truth: {good} positive and {len(self.moments) - good} negative: "
                f"{listed}."
            )
        else:
            moments = "No moments of truth yet."
        return f"{title}Business Model Canvas. {blocks} {moments}"

    def moments_table(self) -> Any:
        """The moments of truth by block, one row per block a moment rests on (a DataFrame)."""
        import pandas as pd  # here, so that importing the package stays fast

        columns = ("block", "moment", "kind", "touchpoint", "positive", "note")
        rows = [
            (block.label, m.name, m.kind.label, m.touchpoint, m.positive, m.note)
            for block in Block
            for m in self.moments_in(block)
        ]
        rows += [
            ("(no block)", m.name, m.kind.label, m.touchpoint, m.positive, m.note)
            for m in self.moments
            if not m.blocks
        ]
        return pd.DataFrame(rows, columns=list(columns))

    # -- checking ------------------------------------------------------------------

    def check(self, touchpoints: Iterable[str] | None = None) -> Findings:
        """What a learner should fix or consider, as findings with hints.

        Given the touchpoint names of the journey, a moment's touchpoint that is
        not among them is flagged too.
        """
        known = None if touchpoints is None else {fields.name_key(t) for t in touchpoints}
        return Findings(_check_canvas(self, known))

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "items": {b.value: list(items) for b, items in self.items.items()},
            "moments": [m.to_dict() for m in self.moments],
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "") -> Canvas:
        data = fields.mapping(data, field or "canvas")
        fields.allowed_keys(data, field, {"title", "items", "moments"})
        key = fields.join(field, "items")
        raw = data.get("items")
        # only a missing or blank "items:" is empty; false, "" or [] is a mistake to show
        raw = fields.mapping({} if raw is None else raw, key)
        fields.allowed_keys(raw, key, {b.value for b in Block})
        items = {Block(b): fields.texts(raw, b, key) for b in raw}
        moments = fields.each(data, "moments", field, MomentOfTruth.from_dict)
        return cls(items, moments, fields.text(data, "title", field, default=""))

    # -- showing -------------------------------------------------------------------

    _HEADERS = ("block", "items", "moments of truth")

    def _rows(self) -> list[tuple[str, str, str]]:
        return [
            (
                b.label,
                "; ".join(items) or "—",
                "; ".join(f"{m.sign} {m.name}" for m in self.moments_in(b)) or "—",
            )
            for b, items in self.items.items()
        ]

    def __str__(self) -> str:
        return text_table(self._HEADERS, self._rows(), caption=self._caption)

    def _repr_html_(self) -> str:
        table = html_table(self._HEADERS, self._rows(), caption=self._caption)
        return (
            f'{table}<p class="jl-attribution">{escape(ATTRIBUTION)}</p>'
            f'<p class="jl-summary">{escape(self.check().summary())}</p>'
        )

    @property
    def _caption(self) -> str:
        return self.title or "Business Model Canvas"


def _moment_where(index: int, moment: MomentOfTruth) -> str:
    name = moment.name.strip()
    return f"moment {index + 1}" + (f" ({name})" if name else "")


def _check_canvas(c: Canvas, known: set[str] | None) -> Iterable[Finding]:
    for block, items in c.items.items():
        where = f"block {block.label}"
        if not any(i.strip() for i in items):
            yield Finding(
                Severity.WARNING,
                where,
                "This block is empty.",
                f"Answer its question in a few short items: {block.question}",
                "empty_block",
            )
        seen: set[str] = set()
        for number, item in enumerate(items, start=1):
            if not item.strip():
                yield Finding(
                    Severity.ERROR,
                    f"{where}, item {number}",
                    "This item is empty.",
                    "Write a few words, or remove the item.",
                    "empty_item",
                )
                continue
            if fields.name_key(item) in seen:
                yield Finding(
                    Severity.WARNING,
                    f"{where}, item {number}",
                    f"{item.strip()!r} is listed twice in this block.",
                    "Keep one of them; if they differ, say how in the words.",
                    "duplicate_item",
                )
            seen.add(fields.name_key(item))

    if not c.moments:
        yield Finding(
            Severity.WARNING,
            "canvas",
            "There are no moments of truth yet.",
            "Walk the journey as a customer: where do you first judge the business? Add that "
            "moment, its touchpoint, and the blocks it depends on.",
            "no_moments",
        )
        return
    for index, moment in enumerate(c.moments):
        where = _moment_where(index, moment)
        if not moment.name.strip():
            yield Finding(
                Severity.ERROR,
                where,
                "This moment of truth has no name.",
                "Name what the customer lives through, e.g. 'First live class'.",
                "empty_name",
            )
        if not moment.blocks:
            yield Finding(
                Severity.ERROR,
                where,
                "This moment is not linked to any block of the canvas.",
                "Which blocks make this moment good or bad? A late class reminder rests on "
                "key activities and customer relationships, for example.",
                "moment_without_block",
            )
        if moment.kind is not MomentKind.ZERO and not moment.touchpoint.strip():
            yield Finding(
                Severity.WARNING,
                where,
                f"A {moment.kind.label.lower()} with no touchpoint.",
                "Name the touchpoint where it happens. Only a zero moment (research before "
                "any contact) may have none.",
                "moment_without_touchpoint",
            )
        elif (
            known is not None
            and moment.touchpoint.strip()
            and fields.name_key(moment.touchpoint) not in known
        ):
            yield Finding(
                Severity.WARNING,
                where,
                f"The touchpoint {moment.touchpoint.strip()!r} is not one of the journey's.",
                "Use the exact name of a touchpoint on your paths.",
                "unknown_touchpoint",
            )
    if all(m.positive for m in c.moments):
        yield Finding(
            Severity.TIP,
            "canvas",
            "Every moment of truth is positive.",
            "Where does a customer leave disappointed today? Add that moment as negative: "
            "it shows which block to fix first.",
            "only_positive_moments",
        )


def sample_canvas() -> Canvas:
    """The canvas of the sample business, with moments of truth at its touchpoints.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan().canvas


__all__ = [
    "ATTRIBUTION",
    "Block",
    "Canvas",
    "MomentKind",
    "MomentOfTruth",
    "sample_canvas",
]
