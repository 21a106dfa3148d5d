// The header's unread count, kept current over /notify (docs/realtime.md).
(function () {
  "use strict";
  var link = document.getElementById("notifications-link");
  if (!link || !window.io) { return; }
  var badge = link.querySelector(".count");
  var socket = window.io("/notify", { transports: ["websocket", "polling"] });
  function show(count) {
    badge.textContent = String(count);
    badge.hidden = count === 0;
    badge.setAttribute("aria-label", link.dataset.unreadLabel.replace("{n}", String(count)));
  }
  socket.on("connect_error", function (err) {  // refused while the database restarts: try again when told
    if (err && err.data && err.data.error === "unavailable") { setTimeout(function () { socket.connect(); }, 1000 * (err.data.retry_after || 5)); }
  });
  socket.on("unread", function (state) { show(state.notifications); });
  socket.on("connect", function () {
    socket.emit("count", null, function (answer) { if (answer && answer.ok) { show(answer.notifications); } });
  });
})();
