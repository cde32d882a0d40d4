// Loads the widget manager on pages with widgets, once the page itself has loaded.
//
// @jupyter-widgets/html-manager (embed-amd.js, 3.6 MB, with require.js) draws each
// widget from the state the notebook saved. Loaded in <head>, it kept a chapter blank
// for 13 s on a 4 Mbit/s link; loaded with `defer`, it still took its share of the
// link while the page's own styles came in. So it starts only after the window's
// `load`: the text, styles and figures come first, the widgets a few seconds later.
// Pages without saved widget state load none of it.
//
// The scripts run one after the other, in the order html-manager needs: require.js,
// our require-paths.js (tells require.js where the widget modules and their fonts
// are), then embed-amd.js, which draws right away as the page has loaded. Before
// that, widget-snapshot.js has made the saved state a snapshot (on DOMContentLoaded).
// The files are served by the site itself (`make widgets-js`, html_extra_path).
// Jupyter Book adds every .js file in book/_static to every page, in <head>.
(function () {
  "use strict";

  // This script is <site>/_static/widget-manager.js on a page at any depth.
  const here = document.currentScript.src;
  const SCRIPTS = [
    { src: "../widgets/require.js" },
    { src: "../widgets-config/require-paths.js" },
    // embed-amd.js fetches any widget module it does not bundle from this address
    // (in this site: none is needed, and the folder does not exist)
    { src: "../widgets/embed-amd.js", cdn: "../widgets/modules/" },
  ];

  function load([first, ...rest]) {
    if (!first) return;
    const script = document.createElement("script");
    script.src = new URL(first.src, here).href;
    if (first.cdn) script.dataset.jupyterWidgetsCdn = first.cdn;
    script.addEventListener("load", () => load(rest));
    document.head.append(script);
  }

  window.addEventListener("load", () => {
    const state = 'script[type="application/vnd.jupyter.widget-state+json"]';
    if (document.querySelector(state)) load(SCRIPTS);
  });
})();
