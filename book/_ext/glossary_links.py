"""Link each glossary term to its definition where a chapter first uses it.

The glossary (book/glossary.md) defines the course's terms; a reader meeting
"FMOT" or "contingency" in a chapter should be one click (or one hover: the link's
title is the definition's first sentence) from it. In each chapter
(``notebooks/...``), the first use of each term in running text becomes a link;
later uses stay plain, so the page does not turn blue. Headings, code, links,
captions and cell outputs are left alone. A term matches as a whole word, with an
optional plural "s"; all-capital terms (NPS, KPI) match only in capitals, others
in any case.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

GLOSSARY = "glossary"
CHAPTERS = "notebooks/"
# text under these is not running text
_SKIP = (
    nodes.title,
    nodes.literal,
    nodes.literal_block,
    nodes.reference,
    nodes.raw,
    nodes.caption,
    nodes.image,
    nodes.term,
)


def _terms(app: Sphinx) -> dict[str, tuple[str, str]]:
    """term as written -> (anchor id, first sentence of its definition)."""
    try:
        doctree = app.env.get_doctree(GLOSSARY)
    except FileNotFoundError:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for item in doctree.findall(nodes.definition_list_item):
        definition = next(iter(item.findall(nodes.definition)), None)
        summary = definition.astext().split(". ")[0].strip() if definition else ""
        for term in item.findall(nodes.term):
            if term["ids"]:
                found[term.astext()] = (term["ids"][0], summary.rstrip(".") + ".")
    return found


def _pattern(terms: list[str]) -> re.Pattern[str]:
    """One pattern for all terms; give them longest first (so 'Milestone map' beats 'Milestone')."""
    parts = []
    for term in terms:
        body = re.escape(term)
        caps = term.isupper()
        parts.append(rf"(?P<t{len(parts)}>{body if caps else '(?i:' + body + ')'})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?:e?s)?(?![\w-])")


def _in_running_text(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP):
            return False
        classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        if "cell_output" in classes or "cell_input" in classes:
            return False
        parent = parent.parent
    return True


def _link_first_uses(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not docname.startswith(CHAPTERS):
        return
    terms = _terms(app)
    if not terms:
        return
    names = sorted(terms, key=len, reverse=True)
    pattern = _pattern(names)
    to_glossary = app.builder.get_relative_uri(docname, GLOSSARY)
    linked: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        if len(linked) == len(names) or not _in_running_text(text):
            continue
        source, pieces, start = str(text), [], 0
        for match in pattern.finditer(source):
            term = names[int(match.lastgroup[1:])]
            if term in linked:
                continue
            linked.add(term)
            anchor, summary = terms[term]
            pieces.append(nodes.Text(source[start : match.start()]))
            pieces.append(
                nodes.reference(
                    "",
                    match.group(0),
                    internal=True,
                    refuri=f"{to_glossary}#{anchor}",
                    reftitle=summary,
                    classes=["glossary-link"],
                )
            )
            start = match.end()
        if pieces:
            pieces.append(nodes.Text(source[start:]))
            text.parent.replace(text, pieces)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-resolved", _link_first_uses)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
