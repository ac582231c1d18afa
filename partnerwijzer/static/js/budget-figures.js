// The guide's figures (budget/figures.html): the filter box narrows the list as one types, and a
// link to one figure (#figure-<key>, after saving or resetting it) opens the group that holds it.
// Without JavaScript the box filters on the server (?q=) and the groups open by a click.
(function () {
  "use strict";
  function groups() { return Array.prototype.slice.call(document.querySelectorAll("details.budget-figures__group")); }

  function openTarget() {
    if (!location.hash) { return; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var group = target && target.closest("details.budget-figures__group");
    if (group && !group.open) { group.open = true; target.scrollIntoView(); }
  }

  function filter(input, status) {
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var total = 0;
    groups().forEach(function (group) {
      var name = group.querySelector("summary h2").textContent;
      var shown = 0;
      group.querySelectorAll("li.card").forEach(function (card) {
        var text = (name + " " + card.querySelector("h3").textContent).toLocaleLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        card.hidden = !match;
        if (match) { shown += 1; }
      });
      group.hidden = shown === 0;
      group.open = words.length ? shown > 0 : group.hasAttribute("data-initially-open");
      total += shown;
    });
    if (status) {
      status.textContent = words.length ? status.getAttribute("data-template").replace("%(count)s", String(total)) : "";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    openTarget();
    var form = document.querySelector("[data-figure-filter]");
    var input = form && form.querySelector("input[type=search]");
    if (!input) { return; }
    var status = form.querySelector("[data-figure-count]");
    input.addEventListener("input", function () { filter(input, status); });
  });
  window.addEventListener("hashchange", openTarget);
})();
