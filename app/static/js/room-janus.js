// A meeting room's media through Janus's VideoRoom (the SFU), over Janus's HTTP API (docs/meetings.md):
// one session, a publisher handle that sends this page's microphone and camera (or screen), and one
// subscriber handle per other publisher. Janus's address, the room, its PIN, this page's publisher number
// and a short-lived token come from the /rooms namespace's join answer; room-media.js draws the people.
(function () {
  "use strict";
  const PLUGIN = "janus.plugin.videoroom";
  const SESSION_GONE = 458;

  window.JisrJanus = function (settings, configuration, page) {
    let session = null, closed = false, publisher = null, publisherPc = null, keepalive = null;
    const handlers = {};  // handle id -> function (message)
    const feeds = {};  // publisher id -> {handle, pc, member}

    function transaction() { return Math.random().toString(36).slice(2) + Date.now().toString(36); }
    async function post(path, body) {
      body.transaction = transaction();
      if (settings.token) { body.token = settings.token; }
      const response = await fetch(settings.url + path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
      const answer = await response.json();
      if (answer.janus === "error") { const error = new Error(answer.error.reason); error.code = answer.error.code; throw error; }
      return answer;
    }
    async function attach() {
      const answer = await post("/" + session, { janus: "attach", plugin: PLUGIN });
      return answer.data.id;
    }
    function message(handle, body, jsep) {
      const payload = { janus: "message", body: body };
      if (jsep) { payload.jsep = jsep; }
      return post("/" + session + "/" + handle, payload);
    }
    function trickle(handle) {
      return function (event) {
        const candidate = event.candidate ? event.candidate.toJSON() : { completed: true };
        post("/" + session + "/" + handle, { janus: "trickle", candidate: candidate }).catch(function () { /* ended */ });
      };
    }
    async function poll() {
      let failures = 0;
      while (!closed) {
        try {
          const query = "?maxev=10&rid=" + Date.now() + (settings.token ? "&token=" + encodeURIComponent(settings.token) : "");
          const response = await fetch(settings.url + "/" + session + query);
          let events = await response.json();
          if (!Array.isArray(events)) { events = [events]; }
          if (failures >= 3) { page.say(""); }
          failures = 0;
          for (const event of events) {
            if (event.janus === "error" && event.error && event.error.code === SESSION_GONE) { restart(); return; }
            if (event.sender && handlers[event.sender]) { handlers[event.sender](event); }
          }
        } catch (error) {  // the network dropped: try again, a little later each time
          failures += 1;
          if (failures === 3) { page.say(page.text.sfuDown); }
          await new Promise(function (resolve) { setTimeout(resolve, Math.min(10000, 500 * failures)); });
        }
      }
    }
    function restart() {  // Janus forgot the session (it restarted, or the network was away too long)
      if (closed) { return; }
      stop();
      closed = false;
      start().catch(function (error) { page.say(error.message); });
    }

    // -- publishing ---------------------------------------------------------------------------------------
    async function publish() {
      if (publisherPc || !publisher || (!page.track("audio") && !page.track("video"))) { return; }
      publisherPc = new RTCPeerConnection(configuration);
      publisherPc.onicecandidate = trickle(publisher);
      // audio first, then video: the publisher's audio is its stream "0", which moderation mutes
      publisherPc.addTransceiver(page.track("audio") || "audio", { direction: "sendonly" });
      publisherPc.addTransceiver(page.track("video") || "video", { direction: "sendonly" });
      await publisherPc.setLocalDescription();
      await message(publisher, { request: "publish" }, { type: "offer", sdp: publisherPc.localDescription.sdp });
    }
    function onPublisher(event) {
      const data = (event.plugindata && event.plugindata.data) || {};
      if (event.jsep && event.jsep.type === "answer" && publisherPc) {
        publisherPc.setRemoteDescription(event.jsep).catch(function (error) { page.say(error.message); });
      }
      if (data.videoroom === "joined") {
        (data.publishers || []).forEach(subscribe);
        publish().catch(function (error) { page.say(error.message); });
      } else if (data.videoroom === "event") {
        (data.publishers || []).forEach(subscribe);
        const gone = data.leaving || data.unpublished || data.kicked;
        if (gone === "ok" && data.reason === "kicked") { page.say(""); return; }
        if (gone && feeds[gone]) { unsubscribe(gone); }
        if (data.error) { page.say(data.error); }
      }
    }

    // -- subscribing ----------------------------------------------------------------------------------------
    async function subscribe(feed) {
      if (feeds[feed.id] || feed.id === settings.publisher) { return; }
      const entry = { member: feed.display, pc: null, handle: null };
      feeds[feed.id] = entry;
      entry.handle = await attach();
      handlers[entry.handle] = function (event) { onSubscriber(feed.id, entry, event); };
      await message(entry.handle, { request: "join", ptype: "subscriber", room: settings.room, pin: settings.pin, streams: [{ feed: feed.id }] });
    }
    function onSubscriber(feedId, entry, event) {
      if (!event.jsep || event.jsep.type !== "offer") { return; }
      (async function () {
        if (!entry.pc) {
          entry.pc = new RTCPeerConnection(configuration);
          entry.pc.onicecandidate = trickle(entry.handle);
          entry.pc.ontrack = function (e) { page.addTrack("feed:" + feedId, entry.member, e.track); };
        }
        await entry.pc.setRemoteDescription(event.jsep);
        await entry.pc.setLocalDescription();
        await message(entry.handle, { request: "start" }, { type: "answer", sdp: entry.pc.localDescription.sdp });
      })().catch(function (error) { page.say(error.message); });
    }
    function unsubscribe(feedId) {
      const entry = feeds[feedId];
      delete feeds[feedId];
      if (entry.pc) { entry.pc.close(); }
      page.dropRemote("feed:" + feedId);
      if (entry.handle) { delete handlers[entry.handle]; post("/" + session + "/" + entry.handle, { janus: "detach" }).catch(function () { /* gone */ }); }
    }

    // -- the session ------------------------------------------------------------------------------------------
    async function start() {
      session = (await post("", { janus: "create" })).data.id;
      keepalive = setInterval(function () { post("/" + session, { janus: "keepalive" }).catch(function () { /* poll retries */ }); }, 25000);
      poll();
      publisher = await attach();
      handlers[publisher] = onPublisher;
      await message(publisher, { request: "join", ptype: "publisher", room: settings.room, pin: settings.pin, id: settings.publisher, display: page.me });
    }
    function stop() {
      closed = true;
      clearInterval(keepalive);
      Object.keys(feeds).forEach(unsubscribe);
      if (publisherPc) { publisherPc.close(); publisherPc = null; }
      if (session) { post("/" + session, { janus: "destroy" }).catch(function () { /* Janus ends it anyway */ }); }
      session = null; publisher = null;
    }

    return {
      start: function () { start().catch(function (error) { page.say(page.text.sfuDown + " (" + error.message + ")"); }); },
      tracksChanged: function () {
        if (!publisherPc) { publish().catch(function (error) { page.say(error.message); }); return; }
        publisherPc.getTransceivers().forEach(function (transceiver) {
          const kind = transceiver.receiver.track.kind;
          transceiver.sender.replaceTrack(page.track(kind)).catch(function () { /* closed meanwhile */ });
        });
      },
      connections: function () {
        return Object.keys(feeds).map(function (id) { return { key: "feed:" + id, member: feeds[id].member, pc: feeds[id].pc }; });
      },
      close: stop,
    };
  };
})();
