/* Graduate and job pages. Everything works without this file; it only smooths two things:
   - forms marked .js-once disable their submit button once sent (the server already turns a
     double submit into one application; this spares the second request);
   - forms marked .js-confirm ask first (data-confirm holds the question). */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    if (form.classList.contains("js-confirm") && !window.confirm(form.dataset.confirm || "")) {
      event.preventDefault();
      return;
    }
    if (form.classList.contains("js-once")) {
      if (form.dataset.sent === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    }
  });

  // Coming back with the browser's Back button shows the page from cache: let it be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.js-once").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button[aria-disabled]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
