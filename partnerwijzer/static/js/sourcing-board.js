// After HTMX swaps the selection workspace (a stage move), put keyboard focus on the card that
// moved, so keyboard and screen-reader users keep their place. Pages work without this file.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!(target instanceof HTMLElement)) { return; }
    var workspace = document.getElementById("workspace");
    if (!workspace) { return; }
    var moved = workspace.querySelector("[data-moved]");
    if (moved instanceof HTMLElement) {
      if (!moved.hasAttribute("tabindex")) { moved.setAttribute("tabindex", "-1"); }
      moved.focus({ preventScroll: false });
    }
  });
})();
