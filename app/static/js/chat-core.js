/*
 * The /chat client's rules (docs/realtime.md), shared by the browser pages and the Node tests.
 *
 * - Every message gets an id made here; it is resent with the same id until acknowledged, so the server
 *   stores it once. Messages not yet acknowledged are kept (in localStorage in a browser) across reloads.
 * - The last sequence number held per conversation is kept; a live message is taken only if it is the
 *   next one: an older one is a duplicate, a jump means something was missed and `sync` fills the gap.
 * - On every (re)connection: sync, then resend what is pending. An answer `rate_limited` or `unavailable`
 *   is resent after its `retry_after` seconds.
 */
(function (root) {
  "use strict";

  function createChat(socket, options) {
    var opts = options || {};
    var storage = opts.storage || null;
    var key = opts.storageKey || "jisr.chat.pending";
    var last = {};
    var pending = load();
    var ackTimeout = opts.ackTimeout || 5000;

    function load() {
      try { return storage ? JSON.parse(storage.getItem(key) || "{}") : {}; } catch (e) { return {}; }
    }
    function save() {
      if (storage) { try { storage.setItem(key, JSON.stringify(pending)); } catch (e) { /* full: keep in memory */ } }
    }
    function status(id) { if (opts.onStatus) { opts.onStatus(pending[id] || null, id); } }

    function take(message) {
      var held = last[message.conversation] || 0;
      if (message.seq <= held) { return true; }          // a duplicate
      if (message.seq !== held + 1) { return false; }    // a gap: ask for what is missing
      last[message.conversation] = message.seq;
      if (pending[message.id] && message.sender_id === opts.me) { delete pending[message.id]; save(); status(message.id); }
      if (opts.onMessage) { opts.onMessage(message); }
      return true;
    }

    function sync(done) {
      var ask = opts.only ? { since: last, only: opts.only } : { since: last };
      socket.timeout(ackTimeout).emit("sync", ask, function (err, answer) {
        if (err || !answer || !answer.ok) { if (done) { done(err || answer); } return; }
        Object.keys(answer.messages).forEach(function (conversation) {
          answer.messages[conversation].forEach(function (m) { m.conversation = conversation; take(m); });
        });
        if (answer.more && answer.more.length) { sync(done); } else if (done) { done(null); }
      });
    }

    function transmit(id) {
      var item = pending[id];
      if (!item || !socket.connected) { return; }
      item.state = "sending"; status(id);
      socket.timeout(ackTimeout).emit("send", { conversation: item.conversation, id: id, body: item.body },
        function (err, answer) {
          if (!pending[id]) { return; }
          if (err) { pending[id].state = "waiting"; status(id); return; }   // no answer: resent on reconnect
          if (answer && answer.ok) {
            delete pending[id]; save(); status(id);
            if (opts.onAck) { opts.onAck(id, answer); }
          } else if (answer && (answer.error === "rate_limited" || answer.error === "unavailable")) {
            pending[id].state = "waiting"; status(id);                      // too fast, or the database restarts
            setTimeout(function () { transmit(id); }, 1000 * (answer.retry_after || 5));
          } else {
            pending[id].state = "failed"; pending[id].error = answer && answer.message; save(); status(id);
          }
        });
    }

    socket.on("message", function (m) { if (!take(m)) { sync(); } });
    socket.on("connect_error", function (err) {  // refused while the database restarts: try again when told
      if (err && err.data && err.data.error === "unavailable") { setTimeout(function () { socket.connect(); }, 1000 * (err.data.retry_after || 5)); }
    });
    socket.on("connect", function () {
      sync(function () { Object.keys(pending).forEach(function (id) { if (pending[id].state !== "failed") { transmit(id); } }); });
    });

    return {
      send: function (conversation, body) {
        var id = (root.crypto && root.crypto.randomUUID) ? root.crypto.randomUUID()
          : String(Date.now()) + Math.random().toString(16).slice(2);
        pending[id] = { conversation: conversation, body: body, state: "waiting" };
        save(); status(id); transmit(id);
        return id;
      },
      retry: function (id) { if (pending[id]) { pending[id].state = "waiting"; transmit(id); } },
      pending: function () { return pending; },
      last: function () { return last; },
      sync: sync,
      seen: function (conversation, seq) { if ((last[conversation] || 0) < seq) { last[conversation] = seq; } }
    };
  }

  if (typeof module !== "undefined" && module.exports) { module.exports = { createChat: createChat }; }
  else { root.JisrChat = { createChat: createChat }; }
})(typeof globalThis !== "undefined" ? globalThis : this);
