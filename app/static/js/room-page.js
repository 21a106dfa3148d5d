// An event's meeting room over /rooms: who is here, hands, chat, agenda, moderation (docs/realtime.md);
// audio, video and screen sharing in room-media.js (docs/meetings.md).
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root || !window.io) { return; }
  var t = root.dataset, room = t.room, me = t.me;
  var socket = window.io("/rooms", { transports: ["websocket", "polling"] });
  var list = root.querySelector(".participants"), messages = root.querySelector(".messages");
  var agenda = root.querySelector(".agenda"), agendaForm = root.querySelector(".agenda-form");
  var handButton = root.querySelector(".hand-button"), refusal = root.querySelector(".refusal");
  var lastSeq = 0, moderator = false, handUp = false;
  function rejoin() { socket.emit("join", { room: room }, joined); }
  var media = window.JisrRoomMedia ? window.JisrRoomMedia({ socket: socket, room: room, me: me, root: root, rejoin: rejoin }) : null;

  function show(text) { refusal.textContent = text; refusal.hidden = !text; }
  function el(tag, cls, text) { var n = document.createElement(tag); if (cls) { n.className = cls; } if (text) { n.textContent = text; } return n; }
  function said(m) {
    if (m.seq <= lastSeq) { return; }
    if (m.seq > lastSeq + 1) { socket.emit("sync", { room: room, since: lastSeq }, function (a) { if (a && a.ok) { a.messages.forEach(said); } }); return; }
    lastSeq = m.seq;
    var item = el("li", "message" + (m.sender_id === me ? " mine" : ""));
    item.appendChild(el("span", "sender", m.sender_name || ""));
    var body = el("span", "body", m.body); body.dir = "auto"; item.appendChild(body);
    messages.appendChild(item);
  }
  function people(list_) {
    list.textContent = "";
    list_.forEach(function (p) {
      var item = el("li");
      item.appendChild(window.JisrAvatar(p.name, p.photo)); item.appendChild(document.createTextNode(" " + p.name));
      if (p.hand) { item.appendChild(el("span", "badge", "✋ " + t.hand)); }
      if (p.muted) { item.appendChild(el("span", "badge", t.muted)); }
      if (p.id === me) { handUp = p.hand; handButton.textContent = handUp ? t.lower : t.raise; }
      if (moderator && p.id !== me) {
        [[p.muted ? "unmute" : "mute", p.muted ? t.unmute : t.mute], ["remove", t.remove]].forEach(function (a) {
          var b = el("button", "link", a[1]); b.type = "button";
          b.addEventListener("click", function () { socket.emit("moderate", { room: room, action: a[0], member: p.id }, function (x) { if (!x.ok) { show(x.message); } }); });
          item.appendChild(b);
        });
      }
      list.appendChild(item);
    });
  }
  function joined(a) {
    if (!a || !a.ok) { show(a ? a.message : ""); if (a && media && (a.error === "removed" || a.error === "closed")) { media.left(); } return; }
    show(""); moderator = a.moderator; agenda.textContent = a.agenda;
    agendaForm.hidden = !moderator; root.querySelector(".close-form").hidden = !moderator;
    if (moderator) { agendaForm.querySelector("textarea").value = a.agenda; }
    a.messages.forEach(function (m) { m.sender_name = m.sender_name || ""; said(m); });
    people(a.people);
    if (media) { media.joined(a); }
  }
  socket.on("connect_error", function (err) {  // refused while the database restarts: try again when told
    if (err && err.data && err.data.error === "unavailable") { setTimeout(function () { socket.connect(); }, 1000 * (err.data.retry_after || 5)); }
  });
  socket.on("connect", function () {
    root.querySelector(".connection").textContent = t.online;
    rejoin();
  });
  socket.on("disconnect", function () { root.querySelector(".connection").textContent = t.offline; });
  socket.on("participants", function (d) { if (d.room === room) { people(d.people); if (media) { media.participants(d.people); } } });
  socket.on("peer_left", function (d) { if (d.room === room && media) { media.peerLeft(d.peer); } });
  socket.on("signal", function (d) { if (d.room === room && media) { media.signal(d); } });
  socket.on("media", function (d) { if (d.room === room && media) { media.media(d); } });
  socket.on("recording", function (d) { if (d.room === room && media) { media.recording(d.on); } });
  socket.on("moderated", function (d) { if (d.room === room && media) { media.moderated(d); } });
  socket.on("said", function (m) { if (m.room === room) { said(m); } });
  socket.on("agenda", function (d) { if (d.room === room) { agenda.textContent = d.text; } });
  socket.on("left", function () { show(t.left); if (media) { media.left(); } });
  socket.on("closed", function () { show(t.closed); if (media) { media.left(); } });
  handButton.addEventListener("click", function () { socket.emit("hand", { room: room, raised: !handUp }); });
  agendaForm.addEventListener("submit", function (e) {
    e.preventDefault();
    socket.emit("agenda", { room: room, text: agendaForm.querySelector("textarea").value }, function (a) { if (!a.ok) { show(a.message); } });
  });
  root.querySelector(".close-form").addEventListener("submit", function (e) {
    e.preventDefault(); socket.emit("close", { room: room });
  });
  root.querySelector(".composer button[type=submit]").disabled = false;  // listened to from here on
  root.querySelector(".composer").addEventListener("submit", function (e) {
    e.preventDefault();
    var box = e.target.body, body = box.value.trim();
    if (!body) { return; }
    var id = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID() : String(Date.now()) + Math.random();
    var send = function (attempt) {
      socket.timeout(5000).emit("say", { room: room, id: id, body: body }, function (err, a) {
        if (err && attempt < 5) { setTimeout(function () { send(attempt + 1); }, 1000); return; }
        if (a && !a.ok) { show(a.message); } else if (!err) { box.value = ""; }
      });
    };
    send(0);
  });
})();
