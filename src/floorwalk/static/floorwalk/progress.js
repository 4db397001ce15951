// Bootstrap's progress bars take their width from a style attribute, which the
// Content-Security-Policy forbids in markup; the width is set here from data-percent instead,
// when the page loads and whenever htmx swaps in a newer status.
(function () {
  "use strict";

  function sizeBars(root) {
    root.querySelectorAll(".progress-bar[data-percent]").forEach(function (bar) {
      bar.style.width = bar.dataset.percent + "%";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    sizeBars(document);
  });
  document.addEventListener("htmx:load", function (event) {
    sizeBars(event.target);
  });
})();
