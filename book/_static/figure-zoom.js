// Every drawing enlarges on click: the page's column shrinks wide drawings (the paths
// swimlane, the observed flow) until their text is small, so a click, or Enter on the
// focused drawing, shows it at its full size in a dialog that scrolls. Escape, a click
// or the close button closes it. Drawings in widget outputs, drawn later by the widget
// manager, are handled too: the listeners sit on the document.
// Jupyter Book adds every .js file in book/_static to every page, in <head>.
(function () {
  "use strict";
  const DRAWING = "img.jl-drawing";
  let dialog = null;

  function open(image) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "jl-zoom";
      dialog.setAttribute("aria-label", "Drawing at full size");
      const close = document.createElement("button");
      close.type = "button";
      close.className = "jl-zoom-close";
      close.textContent = "Close";
      close.addEventListener("click", () => dialog.close());
      dialog.append(close, document.createElement("img"));
      // a click on the enlarged drawing or around it closes it, as Escape does
      dialog.addEventListener("click", (event) => {
        if (event.target !== close) dialog.close();
      });
      document.body.append(dialog);
    }
    const big = dialog.querySelector("img");
    big.src = image.currentSrc || image.src;
    big.alt = image.alt;
    dialog.showModal();
  }

  function prepare(root) {
    for (const image of root.querySelectorAll(DRAWING + ":not([tabindex])")) {
      image.tabIndex = 0;  // reachable by keyboard, as a click target should be
      image.title = "Click to see the drawing at full size";
    }
  }

  document.addEventListener("click", (event) => {
    const image = event.target.closest && event.target.closest(DRAWING);
    if (image && !image.closest("dialog")) open(image);
  });
  document.addEventListener("keydown", (event) => {
    const image = event.target.matches && event.target.matches(DRAWING) ? event.target : null;
    if (image && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(image);
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    prepare(document);
    new MutationObserver(() => prepare(document)).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
