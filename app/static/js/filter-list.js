// A search box that narrows a list of checkboxes by their labels (accents and case forgiven).
(function () {
  "use strict";
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    var list = document.getElementById(box.dataset.filter);
    if (!list) { return; }
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = wanted !== "" && fold(item.textContent).indexOf(wanted) === -1;
      });
    });
  });
})();
