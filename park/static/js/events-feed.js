// The calendar feed page: a Copy button beside the secret address (shown only where the
// clipboard can be written; otherwise the reader selects and copies the text).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = button.getAttribute("data-copied-label");
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
  var field = document.getElementById("feed-url");
  if (field) field.addEventListener("focus", function () { field.select(); });
})();
