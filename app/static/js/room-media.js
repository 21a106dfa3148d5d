// Audio, video and screen sharing in an event's meeting room (docs/meetings.md).
// The page's camera and microphone, the grid of people, the controls, and the connections: peer to peer
// ("mesh", offers/answers/candidates relayed by the /rooms namespace) or through Janus ("sfu", room-janus.js).
// room-page.js creates it and hands it the room's socket events.
(function () {
  "use strict";

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  window.JisrRoomMedia = function (options) {
    const socket = options.socket, room = options.room, me = options.me;
    const root = options.root.querySelector(".media"), t = root.dataset;
    const tiles = root.querySelector(".tiles"), notice = root.querySelector(".media-notice");
    const guidance = root.querySelector(".media-guidance"), banner = root.querySelector(".recording-banner");
    const micButton = root.querySelector(".mic-button"), cameraButton = root.querySelector(".camera-button");
    const screenButton = root.querySelector(".screen-button"), recordButton = root.querySelector(".record-button");
    const cameraSelect = root.querySelector(".camera-select"), micSelect = root.querySelector(".mic-select");
    let local = null, screen = null, plan = null, transport = null, removed = false;
    let mutedByModerator = false, moderator = false, recording = false;
    let mutedMembers = new Set(), names = {};
    const remotes = {};  // key (peer socket id or SFU feed) -> {member, tile, video, stream, pc}
    // milliseconds since the page started: when the room answered "join", when each remote picture first showed
    const timings = { joined: null, firstFrame: {} };

    function say(text) { notice.textContent = text || ""; notice.hidden = !text; }

    // -- the grid ---------------------------------------------------------------------------------------
    function layout() {
      const count = tiles.children.length;
      tiles.style.setProperty("--columns", String(Math.max(1, Math.ceil(Math.sqrt(count)))));
    }
    function tile(key, member, name, isLocal) {
      const figure = el("figure", "tile" + (isLocal ? " local" : ""));
      figure.dataset.key = key; figure.dataset.member = member;
      const video = el("video");
      video.autoplay = true; video.playsInline = true; video.muted = !!isLocal;
      const caption = el("figcaption");
      const label = el("span", "name", name || ""); label.dir = "auto";
      caption.appendChild(label); caption.appendChild(el("span", "state"));
      figure.appendChild(video); figure.appendChild(caption);
      if (isLocal) { tiles.prepend(figure); } else { tiles.appendChild(figure); }
      layout();
      return { figure: figure, video: video, caption: caption };
    }
    function showState(figure, flags) {
      const parts = [];
      if (flags.muted) { parts.push(t.mutedByModerator); } else if (flags.audio === false) { parts.push(t.micOff); }
      if (flags.screen) { parts.push(t.sharingScreen); } else if (flags.video === false) { parts.push(t.cameraOff); }
      figure.querySelector(".state").textContent = parts.length ? " · " + parts.join(" · ") : "";
    }
    function remote(key, member, name) {
      if (!remotes[key]) {
        const made = tile(key, member, name || names[member] || "", false);
        remotes[key] = { member: member, tile: made.figure, video: made.video, stream: new MediaStream(), pc: null };
        made.video.srcObject = remotes[key].stream;
        made.video.muted = mutedMembers.has(member);
      }
      return remotes[key];
    }
    function addTrack(key, member, track) {
      const entry = remote(key, member);
      if (track.kind === "video" && !(key in timings.firstFrame) && entry.video.requestVideoFrameCallback) {
        timings.firstFrame[key] = null;  // when this person's first picture shows
        entry.video.requestVideoFrameCallback(function (now) { timings.firstFrame[key] = now; });
      }
      entry.stream.getTracks().filter(function (old) { return old.kind === track.kind; })
        .forEach(function (old) { entry.stream.removeTrack(old); });
      entry.stream.addTrack(track);
      entry.video.play().catch(function () { /* plays once the person interacts with the page */ });
    }
    function dropRemote(key) {
      const entry = remotes[key];
      if (!entry) { return; }
      if (entry.pc) { entry.pc.close(); }
      entry.tile.remove(); delete remotes[key]; layout();
    }
    function applyMutes() {  // a person a moderator muted is heard by nobody, whatever their page sends
      Object.keys(remotes).forEach(function (key) {
        const entry = remotes[key];
        entry.video.muted = mutedMembers.has(entry.member);
        showState(entry.tile, { muted: mutedMembers.has(entry.member) });
      });
    }

    // -- my camera, microphone and screen -------------------------------------------------------------------
    function track(kind) {
      if (kind === "video" && screen) { return screen.getVideoTracks()[0]; }
      return local ? (kind === "audio" ? local.getAudioTracks()[0] : local.getVideoTracks()[0]) || null : null;
    }
    function flags() {
      const audio = track("audio"), video = local && local.getVideoTracks()[0];
      return { audio: !!(audio && audio.enabled), video: !!(video && video.enabled), screen: !!screen };
    }
    function announce() {
      socket.emit("media", Object.assign({ room: room }, flags()), function (answer) {
        if (answer && !answer.ok) { say(answer.message); }
      });
      micButton.disabled = !track("audio");
      cameraButton.disabled = !(local && local.getVideoTracks()[0]);
      micButton.textContent = flags().audio ? t.micMute : t.micUnmute;
      micButton.setAttribute("aria-pressed", String(!flags().audio));
      const video = local && local.getVideoTracks()[0];
      cameraButton.textContent = video && video.enabled ? t.cameraStop : t.cameraStart;
      cameraButton.setAttribute("aria-pressed", String(!(video && video.enabled)));
      screenButton.textContent = screen ? t.screenStop : t.screenStart;
      screenButton.setAttribute("aria-pressed", String(!!screen));
      const mine = tiles.querySelector(".tile.local");
      if (mine) { showState(mine, Object.assign({ muted: mutedByModerator }, flags())); }
    }
    function constraints() {
      return {
        audio: micSelect.value ? { deviceId: { exact: micSelect.value } } : true,
        video: cameraSelect.value ? { deviceId: { exact: cameraSelect.value } } : { width: 640, height: 360 },
      };
    }
    async function listDevices() {
      const devices = await navigator.mediaDevices.enumerateDevices();
      [[cameraSelect, "videoinput"], [micSelect, "audioinput"]].forEach(function (pair) {
        const select = pair[0], chosen = select.value;
        select.textContent = "";
        devices.filter(function (d) { return d.kind === pair[1]; }).forEach(function (d, i) {
          const option = el("option", null, d.label || (pair[1] === "videoinput" ? t.camera : t.microphone) + " " + (i + 1));
          option.value = d.deviceId; select.appendChild(option);
        });
        if (chosen) { select.value = chosen; }
        select.disabled = select.options.length < 2;
      });
    }
    async function openDevices() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        guidance.querySelector(".why").textContent = t.noMediaSupport; guidance.hidden = false; return null;
      }
      try {
        return await navigator.mediaDevices.getUserMedia(constraints());
      } catch (error) {
        if (error && error.name === "NotFoundError") {  // no camera: the microphone alone
          try { return await navigator.mediaDevices.getUserMedia({ audio: true }); } catch (ignored) { /* below */ }
        }
        guidance.querySelector(".why").textContent = error && error.name === "NotAllowedError" ? t.denied : t.noDevice;
        guidance.hidden = false;
        return null;
      }
    }
    async function startLocal() {
      const stream = await openDevices();
      if (!stream || removed) { return; }
      guidance.hidden = true;
      if (local) { local.getTracks().forEach(function (x) { x.stop(); }); }
      local = stream;
      if (mutedByModerator) { local.getAudioTracks().forEach(function (x) { x.enabled = false; }); }
      let mine = tiles.querySelector(".tile.local");
      if (!mine) { mine = tile("local", me, t.you, true).figure; }
      mine.querySelector("video").srcObject = local;
      await listDevices();
      if (transport) { transport.tracksChanged(); }
      announce();
    }
    async function switchDevice() {
      if (!local) { return startLocal(); }
      const was = flags();
      const stream = await openDevices();
      if (!stream) { return; }
      local.getTracks().forEach(function (x) { x.stop(); });
      local = stream;  // the new devices start as the old ones were: off stays off
      local.getAudioTracks().forEach(function (x) { x.enabled = was.audio && !mutedByModerator; });
      local.getVideoTracks().forEach(function (x) { x.enabled = was.video; });
      tiles.querySelector(".tile.local video").srcObject = local;
      if (transport) { transport.tracksChanged(); }
      announce();
    }

    micButton.addEventListener("click", function () {
      const audio = track("audio");
      if (!audio) { return; }
      if (!audio.enabled && mutedByModerator) { say(t.mutedByModeratorLong); return; }
      audio.enabled = !audio.enabled; announce();
    });
    cameraButton.addEventListener("click", function () {
      const video = local && local.getVideoTracks()[0];
      if (!video) { return; }
      video.enabled = !video.enabled; announce();
    });
    screenButton.addEventListener("click", async function () {
      if (screen) { stopScreen(); return; }
      if (!navigator.mediaDevices.getDisplayMedia) { say(t.noScreenShare); return; }
      try {
        screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      } catch (error) { say(t.screenRefused); return; }
      screen.getVideoTracks()[0].addEventListener("ended", stopScreen);
      if (transport) { transport.tracksChanged(); }
      announce();
    });
    function stopScreen() {
      if (!screen) { return; }
      screen.getTracks().forEach(function (x) { x.stop(); });
      screen = null;
      if (transport) { transport.tracksChanged(); }
      announce();
    }
    recordButton.addEventListener("click", function () {
      socket.emit("record", { room: room, on: !recording }, function (answer) { if (answer && !answer.ok) { say(answer.message); } });
    });
    cameraSelect.addEventListener("change", switchDevice);
    micSelect.addEventListener("change", switchDevice);
    guidance.querySelector(".retry").addEventListener("click", startLocal);

    // -- peer to peer ---------------------------------------------------------------------------------------
    function Mesh(configuration) {
      function send(to, kind, data) {
        socket.emit("signal", { room: room, to: to, kind: kind, data: data }, function (answer) {
          if (answer && !answer.ok && answer.error !== "not_in_room") { say(answer.message); }
        });
      }
      function attach(pc) {  // my tracks on the audio and video transceivers (no renegotiation needed)
        pc.getTransceivers().forEach(function (transceiver) {
          const kind = transceiver.receiver.track.kind;
          transceiver.direction = "sendrecv";
          transceiver.sender.replaceTrack(track(kind)).catch(function () { /* closed meanwhile */ });
        });
      }
      function connect(peer, initiator) {
        const pc = new RTCPeerConnection(configuration);
        const entry = remote(peer.peer, peer.id, peer.name);
        entry.pc = pc; entry.waiting = []; entry.initiator = initiator;
        pc.ontrack = function (event) { addTrack(peer.peer, peer.id, event.track); };
        pc.onicecandidate = function (event) { if (event.candidate) { send(peer.peer, "candidate", event.candidate.toJSON()); } };
        pc.onconnectionstatechange = function () {
          entry.tile.dataset.state = pc.connectionState;
          if (pc.connectionState === "failed" && initiator) { pc.restartIce(); }
        };
        if (initiator) {
          pc.addTransceiver("audio", { direction: "sendrecv" });
          pc.addTransceiver("video", { direction: "sendrecv" });
          attach(pc);
          pc.onnegotiationneeded = async function () {
            await pc.setLocalDescription();
            send(peer.peer, "offer", { type: "offer", sdp: pc.localDescription.sdp });
          };
        }
        return entry;
      }
      async function signal(message) {
        let entry = remotes[message.from];
        if (message.kind === "offer") {
          if (!entry || !entry.pc) { entry = connect({ peer: message.from, id: message.from_id }, false); }
          await entry.pc.setRemoteDescription(message.data);
          attach(entry.pc);
          await entry.pc.setLocalDescription();
          send(message.from, "answer", { type: "answer", sdp: entry.pc.localDescription.sdp });
        } else if (message.kind === "answer" && entry && entry.pc) {
          await entry.pc.setRemoteDescription(message.data);
        } else if (message.kind === "candidate" && entry && entry.pc) {
          if (!entry.pc.remoteDescription) { entry.waiting.push(message.data); return; }
          await entry.pc.addIceCandidate(message.data);
        } else {
          return;
        }
        if (entry.pc.remoteDescription) {
          const waiting = entry.waiting.splice(0);
          for (const candidate of waiting) { await entry.pc.addIceCandidate(candidate); }
        }
      }
      return {
        start: function (peers) { peers.forEach(function (peer) { connect(peer, true); }); },
        signal: function (message) { signal(message).catch(function (error) { console.warn("signal", error); }); },
        tracksChanged: function () { Object.keys(remotes).forEach(function (k) { if (remotes[k].pc) { attach(remotes[k].pc); } }); },
        connections: function () { return Object.keys(remotes).map(function (k) { return { key: k, member: remotes[k].member, pc: remotes[k].pc }; }); },
        close: function () { Object.keys(remotes).forEach(dropRemote); },
      };
    }

    // -- what the room's socket tells ---------------------------------------------------------------------
    const context = { addTrack: addTrack, dropRemote: dropRemote, track: track, say: say, me: me, text: t };
    function joined(answer) {
      if (transport) { transport.close(); transport = null; }
      timings.joined = performance.now();
      plan = answer.media; moderator = answer.moderator; mutedByModerator = !!answer.muted; removed = false;
      recordButton.hidden = !(moderator && plan.mode === "sfu");
      root.querySelector(".media-size").textContent = plan.mode === "sfu" ? t.sfuSize : t.meshSize;
      setRecording(answer.recording);
      answer.people.forEach(function (p) { names[p.id] = p.name; });
      participants(answer.people);
      say(plan.notice || (plan.carried ? "" : t.roomFull));
      if (!plan.carried) { return; }  // beyond a peer-to-peer room's size: chat only, until someone leaves
      const configuration = { iceServers: plan.ice_servers, iceTransportPolicy: plan.ice_transport_policy };
      transport = plan.mode === "sfu" ? window.JisrJanus(plan.sfu, configuration, context) : Mesh(configuration);
      transport.start(answer.peers);
      if (!local) { startLocal(); } else { transport.tracksChanged(); announce(); }
    }
    function participants(people) {
      mutedMembers = new Set(people.filter(function (p) { return p.muted; }).map(function (p) { return p.id; }));
      people.forEach(function (p) { names[p.id] = p.name; });
      Object.keys(remotes).forEach(function (key) {
        const label = remotes[key].tile.querySelector(".name");
        if (!label.textContent && names[remotes[key].member]) { label.textContent = names[remotes[key].member]; }
      });
      applyMutes();
    }
    function moderated(action) {
      if (action.member !== me) { return; }
      if (action.action === "mute") {
        mutedByModerator = true;
        const audio = track("audio");
        if (audio) { audio.enabled = false; }
        say(t.mutedByModeratorLong); announce();
      } else if (action.action === "unmute") {
        mutedByModerator = false; say(t.unmutedByModerator); announce();
      }
    }
    function left() {  // removed, or the room closed: every connection and device stops
      removed = true;
      if (transport) { transport.close(); transport = null; }
      stopScreen();
      if (local) { local.getTracks().forEach(function (x) { x.stop(); }); local = null; }
      tiles.textContent = ""; root.querySelector(".media-controls").hidden = true;
    }
    function setRecording(on) {
      recording = !!on; banner.hidden = !recording;
      recordButton.textContent = recording ? t.recordStop : t.recordStart;
    }

    // the remote people's sound level and video frames (the active speaker, and what the tests read)
    async function statistics() {
      const found = [];
      const connections = transport ? transport.connections() : [];
      for (const connection of connections) {
        if (!connection.pc) { continue; }
        const entry = { key: connection.key, member: connection.member, state: connection.pc.connectionState, route: null, video: null, audio: null };
        const reports = await connection.pc.getStats();
        reports.forEach(function (report) {  // how the media travels: "host", "srflx" (through a NAT) or "relay" (TURN)
          if (report.type === "transport" && report.selectedCandidatePairId && reports.get(report.selectedCandidatePairId)) {
            const local = reports.get(reports.get(report.selectedCandidatePairId).localCandidateId);
            entry.route = local ? local.candidateType : null;
          }
        });
        reports.forEach(function (report) {
          if (report.type !== "inbound-rtp") { return; }
          if (report.kind === "video") {
            entry.video = { width: report.frameWidth || 0, height: report.frameHeight || 0, frames: report.framesDecoded || 0 };
          } else if (report.kind === "audio") {
            entry.audio = { level: report.audioLevel || 0, energy: report.totalAudioEnergy || 0, packets: report.packetsReceived || 0 };
          }
        });
        found.push(entry);
      }
      return found;
    }
    setInterval(async function () {
      const found = await statistics();
      let loudest = null;
      found.forEach(function (s) {
        if (s.audio && s.audio.level > 0.02 && !mutedMembers.has(s.member) && (!loudest || s.audio.level > loudest.audio.level)) { loudest = s; }
      });
      Object.keys(remotes).forEach(function (key) {
        remotes[key].tile.classList.toggle("speaking", !!loudest && loudest.key === key);
      });
    }, 700);
    window.JisrRoomStatistics = statistics;
    window.JisrRoomTimings = timings;

    return {
      joined: joined,
      participants: participants,
      peerLeft: function (peer) {
        if (plan && plan.mode === "mesh") { dropRemote(peer); }
        if (plan && !plan.carried && !removed) { options.rejoin(); }  // a place may have opened
      },
      signal: function (message) { if (transport && transport.signal) { transport.signal(message); } },
      media: function (state) {
        const entry = remotes[state.peer];
        if (entry) { showState(entry.tile, Object.assign({ muted: mutedMembers.has(state.id) }, state)); }
      },
      moderated: moderated,
      recording: setRecording,
      left: left,
    };
  };
})();
