// The browsable API reference: Swagger UI (served from the swagger-ui-bundle package) on the
// OpenAPI document. No validator badge: nothing is fetched from outside the park. Swagger UI
// leaves a few controls unnamed; they are named here as they appear, for screen readers and
// keyboards.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }

  function nameControls() {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label]), " +
                          "tr[data-param-name] input:not([aria-label])").forEach(function (control) {
      control.setAttribute("aria-label", control.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll("select:not([aria-label])").forEach(function (control) {
      var label = control.closest("label, .servers-title, .content-type-wrapper, .response-control-media-type");
      control.setAttribute("aria-label", label ? label.textContent.trim() || "Choice" : "Choice");
    });
    // Scrolling examples must be reachable by keyboard.
    root.querySelectorAll("pre.microlight:not([tabindex])").forEach(function (block) {
      block.setAttribute("tabindex", "0");
    });
  }

  new MutationObserver(nameControls).observe(root, { childList: true, subtree: true });

  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: false,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    persistAuthorization: false,
    tryItOutEnabled: false
  });
})();
