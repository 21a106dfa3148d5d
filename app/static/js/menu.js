// The header's menu folds behind a "Menu" button on narrow screens (the stylesheet decides when); without
// JavaScript it stays open. Loaded in <head> without defer so the folded state applies before first paint.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) { return; }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
    // one group of the menu open at a time, and a click elsewhere closes it
    var groups = menu.querySelectorAll("details.menu-group");
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) { if (!group.contains(event.target)) { group.open = false; } });
    });
  });
})();
