// Make the menu and "Contents" buttons that readers see open their sidebars.
//
// pydata-sphinx-theme 0.17 renders a toggle for each sidebar in its top navbar, and
// sphinx-book-theme 1.3 renders another in the article header. sphinx-book-theme
// hides the navbar ones at every width, yet both themes wire up only the first match
// of document.querySelector(".primary-toggle") / (".secondary-toggle"): the hidden
// one. So the visible buttons did nothing (pydata-sphinx-theme issue 2451; no release
// that jupyter-book 1 can use fixes it). A click on any other toggle is passed on to
// the wired one, so that the themes' own behaviour runs: a dialog with the sidebar in
// a narrow window, the sidebar folding away in a wide one. pyproject.toml pins the
// themes to these releases: a release that wires every toggle would make this
// double each click (tests/test_book_site.py would catch that).
//
// Jupyter Book adds every .js file in book/_static to every page, in <head>.
(function () {
  "use strict";

  function passOn(selector) {
    const [wired, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        // as the theme does for its own button
        event.preventDefault();
        event.stopPropagation();
        wired.click();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    passOn(".primary-toggle");
    passOn(".secondary-toggle");
  });
})();
