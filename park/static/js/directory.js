// Directory search: apply a filter as soon as a box is ticked or the sort changes, and fold the
// filters away on narrow screens. Progressive enhancement only: without this file the filters
// stay open and the "Apply filters" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-auto-submit]");
  if (!form) {
    return;
  }
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.hasAttribute("data-auto-submit-field")) {
      form.submit();
    }
  });
  var apply = form.querySelector("[data-auto-submit-hide]");
  if (apply) {
    apply.classList.add("visually-hidden-focusable");
  }
  var facets = form.querySelector("details[data-fold-on-small]");
  if (facets && window.matchMedia && window.matchMedia("(max-width: 991.98px)").matches) {
    facets.removeAttribute("open");
  }
})();
