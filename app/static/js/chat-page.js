// The conversation page: live messages over /chat with chat-core.js; texts come translated in data-*.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.io || !window.JisrChat) { return; }
  var conversation = root.dataset.conversation;
  var people = JSON.parse(root.dataset.people || "{}");
  var list = root.querySelector(".messages");
  var status = root.querySelector(".connection");
  var form = root.querySelector(".composer");
  var socket = window.io("/chat", { transports: ["websocket", "polling"] });

  function line(sender, body, seq, mine) {
    var item = document.createElement("li");
    item.className = "message" + (mine ? " mine" : "");
    if (seq) { item.dataset.seq = seq; }
    var who = document.createElement("span"); who.className = "sender"; who.textContent = people[sender] || "";
    var text = document.createElement("span"); text.className = "body"; text.dir = "auto"; text.textContent = body;
    item.appendChild(who); item.appendChild(text);
    return item;
  }
  function markRead(seq) { socket.emit("read", { conversation: conversation, seq: seq }); }

  var chat = window.JisrChat.createChat(socket, {
    me: root.dataset.me,
    storage: window.localStorage,
    storageKey: "jisr.chat.pending." + conversation,
    onMessage: function (m) {
      if (m.conversation !== conversation) { return; }
      var waiting = list.querySelector('[data-pending="' + m.id + '"]');
      if (waiting && m.sender_id === root.dataset.me) { waiting.remove(); }
      list.appendChild(line(m.sender_id, m.body, m.seq, m.sender_id === root.dataset.me));
      list.lastElementChild.scrollIntoView({ block: "end" });
      if (document.visibilityState === "visible") { markRead(m.seq); }
    },
    onStatus: function (item, id) {
      var shown = list.querySelector('[data-pending="' + id + '"]');
      if (!item) { return; }
      if (!shown) {
        shown = line(root.dataset.me, item.body, null, true);
        shown.dataset.pending = id;
        var note = document.createElement("span"); note.className = "state hint"; shown.appendChild(note);
        list.appendChild(shown);
      }
      var state = shown.querySelector(".state");
      state.textContent = item.state === "failed" ? root.dataset.failed + (item.error ? ": " + item.error : "")
        : item.state === "sending" ? root.dataset.sending : root.dataset.waiting;
      if (item.state === "failed" && !shown.querySelector("button")) {
        var retry = document.createElement("button"); retry.type = "button"; retry.className = "link";
        retry.textContent = root.dataset.retry;
        retry.addEventListener("click", function () { retry.remove(); chat.retry(id); });
        shown.appendChild(retry);
      }
    }
  });
  chat.seen(conversation, Number(root.dataset.lastSeq || 0));
  socket.on("connect", function () { status.textContent = root.dataset.online; markRead(Number(root.dataset.lastSeq || 0)); });
  socket.on("disconnect", function () { status.textContent = root.dataset.offline; });
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = form.body.value.trim();
      if (!body) { return; }
      chat.send(conversation, body);
      form.body.value = "";
    });
  }
  Object.keys(chat.pending()).forEach(function (id) {
    var item = chat.pending()[id];
    if (item.conversation === conversation) { item.state = item.state || "waiting"; }
  });
})();
