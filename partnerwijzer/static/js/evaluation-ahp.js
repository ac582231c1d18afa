// Pairwise comparison: the consistency ratio as you go (Saaty: CR = CI / RI, CI = (λmax − n)/(n − 1),
// λmax from the principal eigenvector by power iteration). Progressive enhancement only: the
// server computes the saved ratio with decisioncore either way.
(function () {
  "use strict";
  function value(token) {
    var parts = String(token).split("/");
    return parts.length === 2 ? parseFloat(parts[0]) / parseFloat(parts[1]) : parseFloat(token);
  }
  function ratio(form) {
    var ids = [];
    var sets = form.querySelectorAll("[data-pair-a]");
    sets.forEach(function (set) {
      [set.getAttribute("data-pair-a"), set.getAttribute("data-pair-b")].forEach(function (id) {
        if (ids.indexOf(id) < 0) { ids.push(id); }
      });
    });
    var n = ids.length;
    if (n < 3) { return null; }
    var m = [];
    for (var i = 0; i < n; i++) { m.push([]); for (var j = 0; j < n; j++) { m[i].push(1); } }
    var complete = true;
    sets.forEach(function (set) {
      var checked = set.querySelector("input:checked");
      if (!checked) { complete = false; return; }
      var a = ids.indexOf(set.getAttribute("data-pair-a"));
      var b = ids.indexOf(set.getAttribute("data-pair-b"));
      var v = value(checked.value);
      m[a][b] = v;
      m[b][a] = 1 / v;
    });
    if (!complete) { return null; }
    var w = [];
    for (i = 0; i < n; i++) { w.push(1 / n); }
    var lambda = n;
    for (var step = 0; step < 200; step++) {
      var next = [];
      var sum = 0;
      for (i = 0; i < n; i++) {
        var s = 0;
        for (j = 0; j < n; j++) { s += m[i][j] * w[j]; }
        next.push(s);
        sum += s;
      }
      lambda = sum;  // with w summing to 1, the sum of M·w converges to λmax
      for (i = 0; i < n; i++) { next[i] /= sum; }
      w = next;
    }
    var ri = form.getAttribute("data-ri").split(",").map(parseFloat)[n - 1];
    if (!ri) { return null; }
    return ((lambda - n) / (n - 1)) / ri;
  }
  function update(form) {
    var out = form.querySelector("[data-ahp-live]");
    if (!out) { return; }
    var cr = ratio(form);
    if (cr === null) { out.hidden = true; return; }
    var lang = document.documentElement.lang || "nl";
    var text = Math.max(0, cr).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    var ok = cr <= 0.1 + 1e-9;
    out.querySelector("[data-ahp-cr]").textContent = text;
    out.querySelector("[data-ahp-verdict]").textContent = out.getAttribute(ok ? "data-msg-ok" : "data-msg-off");
    out.classList.toggle("is-off", !ok);
    out.setAttribute("data-cr", cr.toFixed(3));
    out.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ahp-form]").forEach(function (form) {
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();
