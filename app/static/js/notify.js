// The header's unread counts (notifications, conversations with unread messages), kept current over /notify
// (docs/realtime.md).
(function () {
  "use strict";
  var links = { notifications: document.getElementById("notifications-link"), messages: document.getElementById("messages-link") };
  if (!links.notifications || !window.io) { return; }
  var socket = window.io("/notify", { transports: ["websocket", "polling"] });
  function showOne(link, count) {
    if (!link || typeof count !== "number") { return; }
    var badge = link.querySelector(".count");
    badge.textContent = String(count);
    badge.hidden = count === 0;
    badge.setAttribute("aria-label", link.dataset.unreadLabel.replace("{n}", String(count)));
  }
  function show(state) {
    showOne(links.notifications, state.notifications);
    showOne(links.messages, state.messages);
  }
  socket.on("connect_error", function (err) {  // refused while the database restarts: try again when told
    if (err && err.data && err.data.error === "unavailable") { setTimeout(function () { socket.connect(); }, 1000 * (err.data.retry_after || 5)); }
  });
  socket.on("unread", show);
  socket.on("connect", function () {
    socket.emit("count", null, function (answer) { if (answer && answer.ok) { show(answer); } });
  });
})();
