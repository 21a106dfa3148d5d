"""Meeting rooms with real media: a served site with an event and its people, Chromium with fake camera and
microphone (``--use-fake-device-for-media-stream``), and what the pages' WebRTC statistics say.

People log in by registering over HTTP; their session cookie is handed to a browser context. The event's
network has a coordinator (the room's moderator) and members; an outsider belongs to none of it.
"""

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from graph import networks as network_queries
from graph.falkor import FalkorStore

from .browser import CHROMIUM, PATIENCE_MS, Browsers
from .builders import event, network
from .served import free_port, register, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
#: how long media may take to flow between pages on a busy 2-core machine (never a reason to fail early)
MEDIA_PATIENCE_S = 120
MEDIA_ARGS = [
    "--no-sandbox",
    "--use-fake-device-for-media-stream",
    "--disable-features=WebRtcHideLocalIpsWithMdns",  # plain host addresses: no mDNS lookups in the sandbox
    "--autoplay-policy=no-user-gesture-required",
]


def media_browser(playwright, fake_ui: bool = True):
    """A Chromium whose camera and microphone are fake devices; with ``fake_ui`` every permission prompt
    (camera, microphone, screen) is answered yes, without it nothing is granted unless a context is."""
    args = MEDIA_ARGS + (
        ["--use-fake-ui-for-media-stream", "--auto-select-desktop-capture-source=Entire screen"] if fake_ui else []
    )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args)


@contextlib.contextmanager
def media_room(playwright, site: dict, request, fake_ui: bool = True):
    """A :class:`Room` in a browser of its own (:func:`media_browser`); its pages are photographed if the
    test fails inside, and everything is closed after."""
    browser = media_browser(playwright, fake_ui)
    room = Room(browser, site)
    try:
        yield room
    except BaseException:
        room.photograph(request.node.name)
        raise
    finally:
        room.close()
        browser.close()


def served_meeting(data_dir: Path, names: tuple[str, ...], env: dict | None = None, events: int = 1) -> dict:
    """A served site with ``names`` registered (the first is the moderator, ``outsider`` stays out) and
    ``events`` events of their network starting now: ``{"base", "process", "event", "events", "cookies":
    {name: [...]}, "ids"}`` (``event`` is the first)."""
    port = free_port()
    process = start_server(port, data_dir, locale="en", env=env, threads=32)  # a thread per open socket
    base = f"http://127.0.0.1:{port}"
    sessions = {name: register(base, f"{name}@example.org", name.title()) for name in names}
    ids = {name: session.get(base + "/api/v1/me").json()["id"] for name, session in sessions.items()}
    store = FalkorStore("serve", unix_socket_path=str(data_dir / "falkordb.sock"))
    try:
        dmk = network(store, "dmk", join_policy="open")
        network_queries.appoint(store, dmk["id"], ids[names[0]], "admin", 1)
        for name in names[1:]:
            if name != "outsider":
                network_queries.join_open(store, dmk["id"], ids[name], 1)
        meetings = [event(store, dmk["id"], starts_in_hours=0)["id"] for _ in range(events)]
    finally:
        store.close()
    cookies = {
        name: [{"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": "/"} for c in session.cookies]
        for name, session in sessions.items()
    }
    return {"base": base, "process": process, "event": meetings[0], "events": meetings, "cookies": cookies, "ids": ids}


class Room(Browsers):
    """People's pages in the meeting room; photographed when the test fails (:class:`tests.browser.Browsers`)."""

    def __init__(self, browser, site: dict):
        super().__init__(browser, site["base"])
        self.browser, self.site = browser, site

    def enter(self, name: str, granted: bool = True, event_id: str | None = None):
        """``name``'s page in the room (their own cookies) of the site's event (or ``event_id``); ``granted``:
        camera and microphone allowed."""
        context = self.browser.new_context(
            base_url=self.site["base"], locale="en", permissions=["camera", "microphone"] if granted else []
        )
        context.set_default_timeout(PATIENCE_MS)
        context.add_cookies(self.site["cookies"][name])
        self.contexts.append(context)
        page = context.new_page()
        page.goto(f"/events/{event_id or self.site['event']}/room")
        return page


def statistics(page) -> list[dict]:
    """What the page receives from each other person: ``[{key, member, state, video: {width, height,
    frames}, audio: {level, energy, samples}}]`` (its WebRTC ``getStats``)."""
    return page.evaluate("() => window.JisrRoomStatistics ? window.JisrRoomStatistics() : []")


CAMERA = (640, 360)  # what the room page asks of a camera; Chromium's fake one gives it


def from_the_camera(video: dict) -> bool:
    """Whether received frames are the camera's: its 16:9 shape, at its size or a size WebRTC steps down to
    when the sending machine is short of CPU (it does on a busy 2-core machine), never below a quarter."""
    width, height = video.get("width", 0), video.get("height", 0)
    return CAMERA[1] // 4 <= height <= CAMERA[1] and abs(width * CAMERA[1] - height * CAMERA[0]) <= CAMERA[0]


def receiving(page, members: set[str], since: dict | None = None) -> dict:
    """Wait until ``page`` decodes video frames and receives sound from each of ``members`` (over
    connections not listed in ``since``, when given); returns ``{member: entry}``."""
    deadline = time.monotonic() + MEDIA_PATIENCE_S
    while True:
        found = {}
        for entry in statistics(page):
            fresh = since is None or entry["key"] not in since
            video, audio = entry.get("video") or {}, entry.get("audio") or {}
            if fresh and video.get("frames", 0) > 0 and video.get("width", 0) > 0 and audio.get("energy", 0) > 0:
                found[entry["member"]] = entry
        if members <= set(found):
            return found
        assert time.monotonic() < deadline, (
            f"after {MEDIA_PATIENCE_S} s, media from {members - set(found)} only: {statistics(page)}"
        )
        time.sleep(0.5)


def janus_installed() -> bool:
    """Debian's Janus is on this machine (``.ci/run`` installs it)."""
    return shutil.which("janus") is not None


def start_janus(folder: Path, token_secret: str, admin_key: str) -> tuple[subprocess.Popen, str]:
    """Janus from ``scripts/janus-local`` in ``folder``; returns (process, its API address) once it answers."""
    import requests

    port = free_port()
    rtp_start = 20000 + (os.getpid() % 400) * 100
    command = [
        str(ROOT / "scripts" / "janus-local"),
        str(folder),
        "--port",
        str(port),
        "--admin-key",
        admin_key,
        "--token-secret",
        token_secret,
        "--rtp",
        f"{rtp_start}-{rtp_start + 99}",
    ]
    log = open(folder.with_suffix(".log"), "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/janus"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/info", timeout=2).ok:
                return process, url
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            pytest.fail("Janus exited: " + folder.with_suffix(".log").read_text()[-3000:])
        time.sleep(0.2)
    process.kill()
    pytest.fail("Janus did not answer within 120 s")


def stop(process) -> None:
    """Stop a served site or Janus."""
    if hasattr(process, "log_path"):
        stop_server(process)
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def start_coturn(folder: Path, secret: str) -> tuple[subprocess.Popen, str]:
    """Debian's coturn on loopback with the TURN REST scheme (``use-auth-secret``); returns (process, its
    ``turn:`` address) once it listens."""
    import socket

    if shutil.which("turnserver") is None:
        pytest.fail(
            "coturn is missing: the TURN test needs Debian's package (`apt-get install coturn`, run by make test)"
        )
    port = free_port()
    relay_start = 40000 + (os.getpid() % 200) * 100
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        "turnserver",
        "-n",
        "--listening-ip=127.0.0.1",
        f"--listening-port={port}",
        "--relay-ip=127.0.0.1",
        f"--min-port={relay_start}",
        f"--max-port={relay_start + 99}",
        "--use-auth-secret",
        f"--static-auth-secret={secret}",
        "--realm=jisr.test",
        "--no-tls",
        "--no-dtls",
        "--no-cli",
        "--allow-loopback-peers",
        "--fingerprint",
        "--log-file=stdout",
        "--simple-log",
    ]
    log = open(folder / "coturn.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"turn:127.0.0.1:{port}?transport=udp"
        except OSError:
            if process.poll() is not None:
                pytest.fail("coturn exited: " + (folder / "coturn.log").read_text()[-3000:])
            time.sleep(0.2)
    process.kill()
    pytest.fail("coturn did not listen within 60 s")
