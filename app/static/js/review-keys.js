/* The review queue by keyboard: J and K move between rows, 1-3 choose a person, N someone new. */
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".review-row"));
  if (!rows.length) return;
  var current = 0;
  function focusRow(index) {
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].focus();
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.matches && target.matches("input, textarea, select, [contenteditable]")) return;
    var key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      focusRow(current + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    var button = rows[current].querySelector('button[data-key="' + key + '"]');
    if (button) {
      button.click();
      event.preventDefault();
    }
  });
  focusRow(0);
})();
