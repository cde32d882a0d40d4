// Widgets on this site are snapshots: say so, and make their controls inert.
//
// There is no kernel behind the site. @jupyter-widgets/html-manager draws each widget
// from the state the notebook saved, and on its own its text boxes, sliders and
// toggles would still take input while nothing else on the page changed. So before it
// draws them, every widget that has a `disabled` setting (text, dropdown, slider,
// checkbox, button, ...) gets `disabled: true` in the saved state, and html-manager
// itself draws them disabled, each kind in its own way. Changing the state rather
// than the drawn controls means no race with the asynchronous rendering, no list of
// ipywidgets' DOM classes to keep up with, and no view that redraws itself enabled.
// This is safe because html-manager reads the state on the window's `load` event
// (embed-amd.js), which always comes after DOMContentLoaded.
//
// Above each widget goes a note that links to how to run the chapter for real.
// book/_static/journey.css draws the disabled controls legibly (html.jl-widgets-snapshot).
// Jupyter Book adds every .js file in book/_static to every page, in <head>.
(function () {
  "use strict";

  // The one switch for chapters that run live: set it to true once the site runs its
  // widgets against a kernel, and they stay enabled with no note.
  const LIVE_WIDGETS = false;
  // Where a reader learns to run a chapter (book/get-the-course.md), from the site's
  // root folder.
  const RUN_THE_COURSE = "get-the-course.html#run-a-chapter-yourself";

  if (LIVE_WIDGETS) return;
  // This script is <site>/_static/widget-snapshot.js on a page at any depth.
  const runTheCourse = new URL("../" + RUN_THE_COURSE, document.currentScript.src).href;

  function note() {
    const box = document.createElement("p");
    box.className = "jl-widget-snapshot";
    box.setAttribute("role", "note");
    const lead = document.createElement("strong");
    lead.textContent = "A snapshot of the notebook.";
    const link = document.createElement("a");
    link.href = runTheCourse;
    link.textContent = "Run this chapter yourself";
    box.append(lead, " Its controls do nothing on this page. ", link, " to use them.");
    return box;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const states = document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-state+json"]',
    );
    if (states.length === 0) return;
    for (const script of states) {
      const saved = JSON.parse(script.textContent);
      for (const model of Object.values(saved.state)) {
        if ("disabled" in model.state) model.state.disabled = true;
      }
      script.textContent = JSON.stringify(saved);
    }
    document.documentElement.classList.add("jl-widgets-snapshot");
    // html-manager draws each view just before its script tag, so below the note.
    const views = document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]',
    );
    for (const view of views) view.before(note());
    nameSliderHandles();
  });

  // html-manager draws a slider's handle as a role="slider" element with no name: a
  // screen reader says "slider" and nothing more. Name each handle after its slider's
  // label, as the widgets are drawn (after the page's load event, asynchronously).
  function nameSliderHandles() {
    const name = () => {
      for (const handle of document.querySelectorAll(".noUi-handle:not([aria-label])")) {
        const slider = handle.closest(".widget-slider");
        const label = slider && slider.querySelector(".widget-label");
        const text = label ? label.textContent.trim() : "";
        handle.setAttribute("aria-label", text || "slider");
      }
    };
    new MutationObserver(name).observe(document.body, {childList: true, subtree: true});
    name();
  }
})();
