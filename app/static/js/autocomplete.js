// Suggestions from the graph for inputs marked data-autocomplete="skills|cities|employers".
// Works without it too: the server resolves what was typed.
(function () {
  "use strict";
  var timers = new WeakMap();
  function label(item, lang) {
    if (item.name) { return lang === "ar" && item.name_ar ? item.name_ar : item.name; }
    return item[lang] || item.en;
  }
  function fill(input, items) {
    var list = document.getElementById(input.getAttribute("list"));
    var lang = document.documentElement.lang;
    list.textContent = "";
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = label(item, lang) + (item.country ? ", " + item.country : "");
      option.dataset.id = item.id || "";
      list.appendChild(option);
    });
  }
  function remember(input) {
    var target = input.dataset.target && document.getElementById(input.dataset.target);
    if (!target) { return; }
    var list = document.getElementById(input.getAttribute("list"));
    var match = Array.prototype.find.call(list.options, function (o) { return o.value === input.value; });
    target.value = match ? match.dataset.id : "";
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    var kind = input.dataset && input.dataset.autocomplete;
    if (!kind) { return; }
    remember(input);
    clearTimeout(timers.get(input));
    var text = input.value.split(",")[0].trim();
    if (text.length < 2) { return; }
    timers.set(input, setTimeout(function () {
      var prefer = input.dataset.prefer ? "&prefer=" + encodeURIComponent(input.dataset.prefer) : "";
      fetch("/api/v1/reference/" + kind + "?q=" + encodeURIComponent(text) + prefer, {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) { fill(input, items); remember(input); })
        .catch(function () {});
    }, 150));
  });
})();
