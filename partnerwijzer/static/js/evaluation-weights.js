// Live total of the direct weights: shows how much is left to distribute (or too much) while
// typing. Progressive enhancement only: the server checks the sum on submit either way.
(function () {
  "use strict";
  function parse(value) {
    var number = parseFloat(String(value).replace(",", "."));
    return isNaN(number) ? 0 : number;
  }
  function format(number) {
    var lang = document.documentElement.lang || "nl";
    return number.toLocaleString(lang, { maximumFractionDigits: 2 }) + "%";
  }
  function update(form) {
    var output = form.querySelector("[data-weights-total]");
    var status = form.querySelector("[data-weights-status]");
    if (!output || !status) { return; }
    var total = 0;
    form.querySelectorAll("[data-weight]").forEach(function (input) { total += parse(input.value); });
    total = Math.round(total * 100) / 100;
    output.textContent = format(total);
    var diff = Math.round((100 - total) * 100) / 100;
    var ok = Math.abs(diff) <= 0.1;
    status.classList.toggle("is-ok", ok);
    status.classList.toggle("is-off", !ok);
    if (ok) {
      status.textContent = output.getAttribute("data-msg-ok");
    } else if (diff > 0) {
      status.textContent = output.getAttribute("data-msg-under").replace("%s", format(diff));
    } else {
      status.textContent = output.getAttribute("data-msg-over").replace("%s", format(-diff));
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".weights-form").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
      update(form);
    });
  });
})();
