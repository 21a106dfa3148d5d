// The conversation page: live messages over /chat with chat-core.js; texts come translated in data-*.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.io || !window.JisrChat) { return; }
  var conversation = root.dataset.conversation;
  var me = root.dataset.me;
  var people = JSON.parse(root.dataset.people || "{}");
  var hidden = JSON.parse(root.dataset.hidden || "[]");
  var list = root.querySelector(".messages");
  var status = root.querySelector(".connection");
  var typingLine = root.querySelector(".typing");
  var presenceLine = root.querySelector(".presence");
  var form = root.querySelector(".composer");
  var socket = window.io("/chat", { transports: ["websocket", "polling"] });
  var typingTimer = null, lastTyping = 0;

  var photos = JSON.parse(root.dataset.photos || "{}");
  function avatar(sender) { return window.JisrAvatar(people[sender], photos[sender]); }
  var clock = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  function line(sender, body, seq, mine, at) {
    var item = document.createElement("li");
    item.className = "message" + (mine ? " mine" : "");
    if (seq) { item.dataset.seq = seq; }
    var who = document.createElement("span"); who.className = "sender";
    who.appendChild(avatar(sender)); who.appendChild(document.createTextNode(" "));
    var name = document.createElement("bdi"); name.textContent = sender ? people[sender] || "" : root.dataset.deletedMember; who.appendChild(name);
    var text = document.createElement("span"); text.className = "body"; text.dir = "auto"; text.textContent = body;
    item.appendChild(who); item.appendChild(text);
    if (at) {
      var when = document.createElement("time"); when.className = "hint";
      when.dateTime = new Date(at).toISOString(); when.textContent = clock.format(new Date(at));
      item.appendChild(when);
    }
    if (seq && !mine) {
      var report = document.createElement("a"); report.className = "report hint";
      report.href = root.dataset.reportUrl.replace(/\/0$/, "/" + seq); report.textContent = root.dataset.report;
      item.appendChild(report);
    }
    return item;
  }
  function markRead(seq) { socket.emit("read", { conversation: conversation, seq: seq }); }
  function showPresence() {
    if (root.dataset.kind === "channel") { return; }
    socket.emit("presence", { conversation: conversation }, function (answer) {
      if (!answer || !answer.ok) { return; }
      var names = answer.online.map(function (id) { return people[id]; }).filter(Boolean);
      presenceLine.textContent = names.length ? root.dataset.onlinePeople + ": " + names.join(", ") : "";
    });
  }

  var chat = window.JisrChat.createChat(socket, {
    me: me,
    only: [conversation],
    storage: window.localStorage,
    storageKey: "jisr.chat.pending." + conversation,
    onMessage: function (m) {
      if (m.conversation !== conversation || m.hidden || hidden.indexOf(m.sender_id) !== -1) { return; }
      if (m.sender_name && !people[m.sender_id]) { people[m.sender_id] = m.sender_name; }
      var waiting = list.querySelector('[data-pending="' + m.id + '"]');
      if (waiting && m.sender_id === me) { waiting.remove(); }
      list.appendChild(line(m.sender_id, m.body, m.seq, m.sender_id === me, m.at));
      list.lastElementChild.scrollIntoView({ block: "end" });
      typingLine.textContent = "";
      if (document.visibilityState === "visible") { markRead(m.seq); }
    },
    onStatus: function (item, id) {
      var shown = list.querySelector('[data-pending="' + id + '"]');
      if (!item) { return; }
      if (!shown) {
        shown = line(me, item.body, null, true);
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
  socket.on("connect", function () {
    status.textContent = root.dataset.online;
    markRead(Number(root.dataset.lastSeq || 0));
    showPresence();
  });
  socket.on("disconnect", function () { status.textContent = root.dataset.offline; });
  socket.on("typing", function (signal) {
    if (signal.conversation !== conversation || signal.member_id === me) { return; }
    typingLine.textContent = root.dataset.typing.replace("{name}", signal.name);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 5000);
  });
  setInterval(function () { if (socket.connected) { socket.emit("here"); showPresence(); } }, 30000);
  if (form) {
    form.body.addEventListener("input", function () {
      var now = Date.now();
      if (socket.connected && now - lastTyping > 3000) { lastTyping = now; socket.emit("typing", { conversation: conversation }); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = form.body.value.trim();
      if (!body) { return; }
      chat.send(conversation, body);
      form.body.value = "";
    });
    // the button stays disabled until this script listens: a message sent earlier would leave as a page load
    form.querySelector("button[type=submit]").disabled = false;
  }
  Object.keys(chat.pending()).forEach(function (id) {
    var item = chat.pending()[id];
    if (item.conversation === conversation) { item.state = item.state || "waiting"; }
  });
})();
