// Dashboards: open every chart's table of figures before printing, so paper carries the
// numbers too; close again afterwards those the reader had left closed.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    document.querySelectorAll("details.dash-data").forEach(function (details) {
      if (!details.open) { details.open = true; opened.push(details); }
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
