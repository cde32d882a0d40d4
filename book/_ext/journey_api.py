"""The ``journey-api`` directive: an API reference of every public module of a package.

Used by the pages of book/api/, one per public module (``:module: kpis``); the book's
tests check that every public submodule (any module or subpackage whose name does
not start with "_") has its page there, listed in book/_toc.yml. Each module gets a section with its
name as the heading and ``automodule`` with ``:members:`` under it: a module with
``__all__`` shows exactly those names (re-exports from private modules included), a
module without shows what it defines. The modules come in the order of the course
(``order`` option), any other module after them in alphabetical order.

Autodoc reads reStructuredText docstrings, so each ``automodule`` goes in an
``eval-rst`` block of the generated MyST text.

Two more things keep the page strict (-W -n) without ignoring our own names:

- Class members that another library generates on our classes (matplotlib adds a
  ``set`` method to every Artist subclass, with matplotlib's docstring) are left
  out: only objects whose ``__module__`` is in the package are documented.
- A cross-reference the Python domain cannot find is resolved to the one documented
  object it names, when there is exactly one: ``journey_lessons.simulate_events``
  (a re-export at the top level) links to ``journey_lessons.simulate.simulate_events``,
  and a bare ``JourneyPlan`` in another module's docstring links to
  ``journey_lessons.journey.JourneyPlan``. Anything else stays unresolved, and the
  strict build fails on it.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode, nested_parse_with_titles

PACKAGE = "journey_lessons"


def public_modules(package_name: str) -> list[str]:
    """The names (without the package prefix) of the public submodules of a package."""
    package = importlib.import_module(package_name)
    return sorted(
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    )


class JourneyApi(SphinxDirective):
    """``journey-api:: package`` with option ``:order: a b c`` (module names first).

    With ``:module: name`` it documents that one module, with no heading of its own:
    the page it is on is that module's page (book/api/<name>.md).
    """

    required_arguments = 1
    option_spec: ClassVar[dict] = {
        "order": lambda text: (text or "").split(),
        "module": lambda text: (text or "").strip(),
    }

    def run(self) -> list[nodes.Node]:
        package = self.arguments[0]
        found = public_modules(package)
        one = self.options.get("module")
        if one and one not in found:
            raise self.error(f"{package} has no public module {one!r}: {', '.join(found)}")
        first = [name for name in self.options.get("order", []) if name in found]
        names = [one] if one else first + [name for name in found if name not in first]
        lines: list[str] = []
        for name in names:
            module = f"{package}.{name}"
            lines += [] if one else [f"## `{module}`", ""]
            lines += [
                "```{eval-rst}",
                f".. automodule:: {module}",
                "   :members:",
                "   :show-inheritance:",
                "```",
                "",
            ]
        # Read this page again whenever a file of the package changes.
        root = Path(importlib.import_module(package).__file__).parent
        for source in sorted(root.rglob("*.py")):
            self.env.note_dependency(str(source))
        container = nodes.section()
        source = self.get_source_info()[0]
        nested_parse_with_titles(self.state, StringList(lines, source=source), container)
        return container.children


def _skip_foreign_member(app, what, name, obj, skip, options):
    """Leave out class members that another library defined (see the module doc)."""
    if what in {"class", "exception"}:
        module = getattr(obj, "__module__", None)
        if isinstance(module, str) and module.split(".")[0] != PACKAGE:
            return True
    return None


def _import_object(dotted: str):
    """The object a dotted name points to, or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _resolve_alias(app, env, node, contnode):
    """Link a reference to a re-export or a bare name to the one documented object."""
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    last = target.rsplit(".", 1)[-1]
    objects = env.get_domain("py").objects
    candidates = [name for name in objects if name.rsplit(".", 1)[-1] == last]
    candidates = [name for name in candidates if name.startswith(f"{PACKAGE}.")]
    if target.startswith(f"{PACKAGE}."):
        wanted = _import_object(target)
        if wanted is None:
            return None
        candidates = [name for name in candidates if _import_object(name) is wanted]
    elif "." in target:
        return None
    if len(candidates) != 1:
        return None
    entry = objects[candidates[0]]
    return make_refnode(
        app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, candidates[0]
    )


def setup(app):
    app.add_directive("journey-api", JourneyApi)
    app.connect("autodoc-skip-member", _skip_foreign_member)
    app.connect("missing-reference", _resolve_alias)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
