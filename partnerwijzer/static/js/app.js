// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Selects marked data-autosubmit (language and organisation switchers) submit on change;
  // without JavaScript their submit button is shown instead.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // Copy fields select their whole content on focus, so a link can be copied at once.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.classList.contains("copy-field")) {
      target.select();
    }
  });
  // Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary instanceof HTMLElement) { summary.focus(); }
  });
})();
