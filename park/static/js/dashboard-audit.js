// The audit log's period: typing a date selects "Between dates"; choosing another period
// clears the dates (the server reads the same rule without this script).
(function () {
  "use strict";
  var period = document.querySelector("[data-audit-period]");
  if (!period) { return; }
  var days = document.querySelectorAll("[data-audit-day]");
  days.forEach(function (day) {
    day.addEventListener("change", function () {
      if (day.value) { period.value = "custom"; }
    });
  });
  period.addEventListener("change", function () {
    if (period.value !== "custom") {
      days.forEach(function (day) { day.value = ""; });
    }
  });
})();
