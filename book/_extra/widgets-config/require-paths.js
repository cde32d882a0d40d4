// Loaded after require.js and before embed-amd.js (see nb_ipywidgets_js in _config.yml).
// embed-amd.js defines named AMD modules (@jupyter-widgets/base, .../controls,
// .../html-manager/dist/libembed-amd, ...) and each one looks for its font files next
// to its own module URL, which require.js would place under the page's folder. Map
// those modules onto <site>/widgets/, where `make widgets-js` put the fonts.
(function () {
  "use strict";
  var widgets = new URL("../widgets", document.currentScript.src).href;
  require.config({
    paths: {
      "@jupyter-widgets": widgets,
      "@jupyter-widgets/html-manager/dist": widgets,
    },
  });
})();
