// Progressive enhancements for the employer pages; every page works without this file.
(function () {
  "use strict";

  // After a refused submission, move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }

  // The USCC is upper case without spaces; show it that way as soon as the field is left.
  var uscc = document.getElementById("id_uscc");
  if (uscc && !uscc.disabled) {
    uscc.addEventListener("blur", function () {
      uscc.value = uscc.value.replace(/\s+/g, "").toUpperCase();
    });
  }
})();
