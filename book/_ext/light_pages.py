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
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TEMPLATES = Path(__file__).parent / "templates"


def _use_our_templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _state_to_end_of_body(app: Sphinx, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files", [])
    states = [js for js in scripts if js.attributes.get("type") == WIDGET_STATE]
    for js in states:
        scripts.remove(js)
        # myst-nb already made the body safe inside <script> (sanitize_script_content)
        context["body"] += f'\n<script type="{WIDGET_STATE}">{js.attributes["body"]}</script>\n'


def setup(app: Sphinx):
    app.connect("config-inited", _use_our_templates)
    # after myst-nb's own handler (priority 500), which adds the page's widget state
    app.connect("html-page-context", _state_to_end_of_body, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
