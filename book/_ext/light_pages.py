"""Light pages: the text of a chapter shows before its heavy scripts and data arrive.

Three changes to what the themes and myst-nb put on every page (issue 14):

- The saved widget state goes to the end of <body> instead of <head>. myst-nb puts
  it in <head> as a `<script type="application/vnd.jupyter.widget-state+json">`,
  which is data, not code, yet 130-300 KB of it that the browser must read before it
  can show any text. html-manager finds the state anywhere in the page, and
  widget-snapshot.js patches it on DOMContentLoaded, when the whole page is parsed.
  (book/_static/widget-manager.js loads the widget manager itself, after the page.)
- No search tools (searchindex.js among them, 190 KB) in the <head> of every page:
  only search.html uses them here (templates/layout.html).
- pydata-sphinx-theme's fontawesome.js (1.5 MB, Font Awesome's "SVG with JS") is not
  loaded. The theme only adds it so that sites can use icons of their own; the icons
  the themes use come from Font Awesome's CSS in the theme's stylesheet and its web
  font, which the browser fetches only when an icon is on the page.
  templates/static/webpack-macros.html is the theme's file of the same name (0.17.1,
  pinned in pyproject.toml) without that one <script>; Sphinx finds templates in
  templates_path before the theme's own.

And the first paint waits for one small stylesheet only (FCP 2.0-2.5 s -> under 1.5 s
on a 4 Mbit/s link, bench/book.py):

- _static/journey-critical.css, the one stylesheet that holds up the first paint:
  every rule of the site's stylesheets that can match an element of some page (its
  classes, ids and tags all occur in the site's pages), in the order the pages load
  them: about 100 KB of their 555 KB, written after the build from the pages
  themselves. Attribute selectors and pseudo-classes are left out of that test, so
  the dark theme's rules and :hover stay in. Each page links it with `?v=` and the
  start of its SHA-256, as Sphinx keys its own sheets: a host's cache never pairs
  new pages with an old copy.
- Every other stylesheet loads without holding up the page (`media="print"` until it
  has loaded, then `all`; a <noscript> copy for readers without JavaScript). Each
  keeps its place in the page, so once loaded the cascade is the one it was: the
  critical copies come first and lose every tie to their originals.
- Every script in <head> but documentation_options.js (which the inline scripts after
  it need) is `defer`: the browser fetches them while it reads the page and runs them,
  in order, before DOMContentLoaded, where all of them start their work anyway. Not on
  search.html, whose own searchtools.js needs doctools.js run before it.
  (templates/static/webpack-macros.html also drops the theme's `preload` of
  bootstrap.js and pydata-sphinx-theme.js: already `defer` at the end of <body>, they
  took the link at high priority before the first paint.)
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

import tinycss2
from sphinx.application import Sphinx
from sphinx.config import Config

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TEMPLATES = Path(__file__).parent / "templates"
CRITICAL_CSS = "_static/journey-critical.css"
# Sheets kept whole in the critical CSS: small, and styling classes that scripts add
# after the first paint (togglebutton's hidden state, the snapshot notes).
WHOLE_SHEETS = {"togglebutton.css", "copybutton.css", "journey.css"}
# The scripts that inline scripts after them use right away (DOCUMENTATION_OPTIONS).
SYNC_SCRIPTS = {"_static/documentation_options.js"}
# While loading, a stylesheet applies to print only: it does not hold up the page.
ASYNC_MEDIA = {"media": "print", "onload": "this.media='all'"}


def _use_our_templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _state_to_end_of_body(app: Sphinx, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files", [])
    states = [js for js in scripts if js.attributes.get("type") == WIDGET_STATE]
    for js in states:
        scripts.remove(js)
        # myst-nb already made the body safe inside <script> (sanitize_script_content)
        context["body"] += f'\n<script type="{WIDGET_STATE}">{js.attributes["body"]}</script>\n'


def _nothing_blocks_but_critical_css(app: Sphinx, pagename, templatename, context, doctree):
    """Stylesheets load without holding up the page; head scripts are deferred."""
    css_files = context.get("css_files", [])
    # in the order Sphinx writes them (by priority, after this event)
    context["noscript_css_files"] = sorted(css_files, key=lambda css: css.priority)
    # new objects: the builder shares these lists between pages
    context["css_files"] = [
        type(css)(css.filename, priority=css.priority, **(css.attributes | ASYNC_MEDIA))
        for css in css_files
    ]
    if pagename == "search":  # its own searchtools.js needs doctools.js run before it
        return
    context["script_files"] = [
        type(js)(js.filename, priority=js.priority, **(js.attributes | {"defer": "defer"}))
        if js.filename and str(js.filename) not in SYNC_SCRIPTS
        else js
        for js in context.get("script_files", [])
    ]


_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]""")
_NESTED = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_PSEUDO = re.compile(r"::?[a-zA-Z-]+(?:\([^)]*\))?")
_NAMED = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
_TAG = re.compile(r"(?<![\w-])([a-zA-Z][\w-]*)")
_STYLESHEET_LINK = re.compile(r"<link [^>]*href=\"([^\"?]+\.css)[^\"]*\"[^>]*>")
_CRITICAL_LINK = re.compile(r'(journey-critical\.css)(?:\?v=[0-9a-f]*)?"')
_WIDGET_STATE_SCRIPT = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>', re.S
)


class _PageNames:
    """The classes, ids and tag names that occur in a site's pages."""

    def __init__(self) -> None:
        self.names = {".": set(), "#": set()}
        self.tags: set[str] = set()

    def add_page(self, html: str) -> None:
        html = _WIDGET_STATE_SCRIPT.sub("", html)  # JSON, not elements
        self.tags.update(tag.lower() for tag in re.findall(r"<([a-zA-Z][\w-]*)", html))
        for classes in re.findall(r'\sclass="([^"]*)"', html):
            self.names["."].update(classes.split())
        self.names["#"].update(re.findall(r'\sid="([^"]*)"', html))

    def may_match(self, selector: str) -> bool:
        """False when the selector names a class, id or tag that no page has."""
        # what may hold without the page having it: a :not(), a state, an attribute
        # the page's scripts set (data-theme), a pseudo-element
        plain = _PSEUDO.sub("", _ATTRIBUTE.sub("", _NESTED.sub("", selector)))
        if any(name not in self.names[kind] for kind, name in _NAMED.findall(plain)):
            return False
        return all(tag.lower() in self.tags for tag in _TAG.findall(_NAMED.sub(" ", plain)))


def _critical_rules(rules, names: _PageNames | None, read_import) -> str:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude).split(",")
            if names is None or any(names.may_match(s) for s in selectors):
                kept.append(rule.serialize())
        elif rule.type != "at-rule" or rule.lower_at_keyword == "charset":
            continue
        elif rule.lower_at_keyword == "import":
            kept.append(read_import(rule.serialize()))
        elif rule.lower_at_keyword in ("media", "supports", "layer") and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, True, True)
            body = _critical_rules(inner, names, read_import)
            if body:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{body}}}")
        else:  # @font-face, @keyframes, ...: fetch nothing until used
            kept.append(rule.serialize())
    return "".join(kept)


def _critical_css(outdir: Path, sheet: str, names: _PageNames) -> str:
    """The rules of one stylesheet (site-relative path) that the pages may use."""
    path = outdir / sheet
    if not path.is_file():
        raise FileNotFoundError(f"{path}: a page links this stylesheet, but it is missing")
    folder = posixpath.dirname(sheet)

    def read_import(rule: str) -> str:
        return _critical_css(outdir, posixpath.join(folder, _IMPORT.search(rule)[1]), names)

    rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), True, True)
    whole = posixpath.basename(sheet) in WHOLE_SHEETS
    css = _critical_rules(rules, None if whole else names, read_import)

    # relative to _static/ now, where url()s of the sheet's own folder would not resolve
    def moved(match: re.Match) -> str:
        url = match[2]
        if re.match(r"[a-z]+:|/|#", url):
            return match[0]
        target = posixpath.normpath(posixpath.join(folder, url))
        return f'url("{posixpath.relpath(target, posixpath.dirname(CRITICAL_CSS))}")'

    return _URL.sub(moved, css)


def _write_critical_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    names = _PageNames()
    sheets: list[str] = []  # in the order pages link them
    pages = [p for p in sorted(outdir.rglob("*.html")) if not _in_static(outdir, p)]
    for page in pages:
        name = page.relative_to(outdir).as_posix()
        html = page.read_text(encoding="utf-8")
        names.add_page(html)
        # the page's stylesheet links, not their <noscript> copies
        head = re.sub(r"<noscript>.*?</noscript>", "", html.split("</head>", 1)[0], flags=re.S)
        previous = -1
        for href in _STYLESHEET_LINK.findall(head):
            sheet = posixpath.normpath(posixpath.join(posixpath.dirname(name), href))
            if sheet == CRITICAL_CSS:
                continue
            if sheet not in sheets:  # right after the sheet before it on this page
                sheets.insert(previous + 1, sheet)
            previous = sheets.index(sheet)
    css = "".join(_critical_css(outdir, sheet, names) for sheet in sheets)
    (outdir / CRITICAL_CSS).write_text(css, encoding="utf-8")
    # every page, also those an incremental build did not write again, links this copy
    key = hashlib.sha256(css.encode("utf-8")).hexdigest()[:16]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        keyed = _CRITICAL_LINK.sub(rf'\1?v={key}"', html)
        if keyed != html:
            page.write_text(keyed, encoding="utf-8")


def _in_static(outdir: Path, page: Path) -> bool:
    return page.relative_to(outdir).as_posix().startswith("_static/")


def setup(app: Sphinx):
    app.connect("config-inited", _use_our_templates)
    # after myst-nb's own handler (priority 500), which adds the page's widget state
    app.connect("html-page-context", _state_to_end_of_body, priority=600)
    # after every extension has added its files to the page
    app.connect("html-page-context", _nothing_blocks_but_critical_css, priority=900)
    app.connect("build-finished", _write_critical_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
