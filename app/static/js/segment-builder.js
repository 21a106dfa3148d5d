// The segment builder: counts follow the criteria as they change, and the save form carries them.
(function () {
  "use strict";
  var form = document.getElementById("segment-criteria");
  var panel = document.getElementById("segment-counts");
  var save = document.getElementById("segment-save");
  if (!form || !panel) { return; }
  var timer = null;
  var asked = 0;

  function shown(n) { return n === null ? panel.dataset.fewer : new Intl.NumberFormat(document.documentElement.lang).format(n); }

  function params() {
    var data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "") { data.append(name, value); } });
    return data;
  }

  function carry(data) {
    if (!save) { return; }
    var box = save.querySelector("[data-criteria]");
    box.textContent = "";
    data.forEach(function (value, name) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      box.appendChild(input);
    });
  }

  function count() {
    var data = params();
    var mine = ++asked;
    carry(data);
    history.replaceState(null, "", form.getAttribute("action") + "?" + data.toString());
    fetch(panel.dataset.url + "?" + data.toString(), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || mine !== asked) { return; }
        panel.querySelector('[data-count="total"]').textContent = shown(body.counts.total);
        panel.querySelector('[data-count="reachable"]').textContent = shown(body.counts.reachable);
        var list = panel.querySelector("[data-problems]");
        list.textContent = "";
        body.problems.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
        list.hidden = body.problems.length === 0;
        panel.dataset.counted = String(mine);
      });
  }

  function later() { clearTimeout(timer); timer = setTimeout(count, 250); }
  form.addEventListener("change", later);
  form.addEventListener("input", function (event) { if (!event.target.matches("[data-filter]")) { later(); } });
})();
